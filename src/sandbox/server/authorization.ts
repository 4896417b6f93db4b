import type { FastifyRequest } from 'fastify';

export type PresentedCredentials =
  | { scheme: 'bearer'; token: string }
  | { scheme: 'basic'; username: string; password: string }
  | { scheme: 'none' };

/** Reads `Authorization: Bearer …` or `Authorization: Basic base64(user:pass)`. */
export function readAuthorization(request: FastifyRequest): PresentedCredentials {
  const header = request.headers.authorization;
  if (!header) return { scheme: 'none' };
  const space = header.indexOf(' ');
  const scheme = (space === -1 ? header : header.slice(0, space)).toLowerCase();
  const value = space === -1 ? '' : header.slice(space + 1).trim();
  if (scheme === 'bearer' && value) return { scheme: 'bearer', token: value };
  if (scheme === 'basic' && value) {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon === -1
      ? { scheme: 'basic', username: decoded, password: '' }
      : { scheme: 'basic', username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
  }
  return { scheme: 'none' };
}

/** The secret a client presented, whichever of bearer or basic (as username) it used. */
export function presentedSecret(credentials: PresentedCredentials): string | undefined {
  if (credentials.scheme === 'bearer') return credentials.token;
  if (credentials.scheme === 'basic') return credentials.username;
  return undefined;
}
