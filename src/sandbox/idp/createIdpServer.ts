import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { SystemServerOptions } from '../server/createSystemServer.js';
import { createSystemServer } from '../server/createSystemServer.js';
import { jsonBody } from '../server/requestBody.js';
import type { SigningKeys } from './createSigningKeys.js';
import { SIGNING_ALGORITHM } from './createSigningKeys.js';
import type { TokenIssuer } from './createTokenIssuer.js';
import { findIdpClient } from './idpClients.js';
import { idpProductError } from './oauthErrors.js';
import { registerTokenRoute } from './registerTokenRoute.js';

export interface IdpServerOptions extends SystemServerOptions {
  keys: SigningKeys;
  tokens: TokenIssuer;
  /** The IdP's own URL, known once it listens. */
  issuer: () => string;
}

const mintInputSchema = z.strictObject({
  clientId: z.string().min(1),
  expiresIn: z.number().int().min(-86_400 * 365).max(86_400 * 365).optional(),
  notBeforeIn: z.number().int().min(-86_400 * 365).max(86_400 * 365).optional(),
  audience: z.string().min(1).optional(),
  issuer: z.string().min(1).optional(),
  claims: z.record(z.string(), z.unknown()).optional(),
});

/**
 * A simulated OAuth2 authorization server: token endpoint (client credentials, refresh token),
 * JWKS and discovery, with the fault and stats plumbing of the five systems. Its control API adds
 * key rotation and minting of deliberately defective tokens for tests.
 */
export function createIdpServer(options: IdpServerOptions): FastifyInstance {
  const { app } = createSystemServer({ ...options, system: 'idp', productError: idpProductError });

  registerTokenRoute(app, options.tokens);

  app.get('/.well-known/jwks.json', async (_request, reply) => reply.header('cache-control', 'max-age=60').send(options.keys.jwks()));

  app.get('/.well-known/openid-configuration', async () => {
    const issuer = options.issuer();
    return {
      issuer,
      token_endpoint: `${issuer}/oauth/token`,
      jwks_uri: `${issuer}/.well-known/jwks.json`,
      grant_types_supported: ['client_credentials', 'refresh_token'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      response_types_supported: ['token'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: [SIGNING_ALGORITHM],
      scopes_supported: ['graphql', 'offline_access'],
    };
  });

  app.post('/_control/rotate-keys', async () => {
    const key = await options.keys.rotate();
    return { kid: key.kid, published: options.keys.jwks().keys.map((jwk) => jwk.kid) };
  });

  app.post('/_control/tokens', async (request, reply) => {
    const body = jsonBody(request);
    const parsed = body.ok ? mintInputSchema.safeParse(body.value) : undefined;
    if (!parsed?.success) {
      return reply.code(400).send({ error: 'The body must be { clientId, expiresIn?, notBeforeIn?, audience?, issuer?, claims? }' });
    }
    const { clientId, ...overrides } = parsed.data;
    const client = findIdpClient(clientId);
    if (!client) return reply.code(400).send({ error: `Unknown client ${clientId}` });
    return { access_token: await options.tokens.accessToken(client, client.scope, overrides) };
  });

  return app;
}
