import { readFileSync } from 'node:fs';
import got from 'got';
import type { Config } from '../config/index.js';
import type { SystemName } from '../config/SystemName.js';
import type { ProbeResult } from './classifyCheck.js';

export type SystemProbe = (system: SystemName) => Promise<ProbeResult>;

/**
 * One GET of the system's base URL, outside its breaker (a lone probe must not trip it) and without
 * credentials: any answer below 500 shows the system is there, which is all a status page needs when
 * the gateway has sent it nothing lately. Client certificates are presented, since some systems
 * refuse the handshake without one.
 */
export function createSystemProbe(config: Config, timeoutMs: number): SystemProbe {
  const pem = (file: string | undefined) => (file === undefined ? undefined : readFileSync(file, 'utf8'));
  return async (system) => {
    const baseUrl = config.systems[system].baseUrl;
    if (!baseUrl) return { reachable: false, latencyMs: null };
    const tls = config.upstreamTls[system];
    const started = performance.now();
    try {
      const response = await got(`${baseUrl}/`, {
        method: 'GET',
        throwHttpErrors: false,
        retry: { limit: 0 },
        timeout: { request: timeoutMs },
        followRedirect: false,
        ...(tls ? { https: { certificate: pem(tls.certFile), key: pem(tls.keyFile), certificateAuthority: pem(tls.caFile) } } : {}),
      });
      return { reachable: response.statusCode < 500, latencyMs: Math.round(performance.now() - started) };
    } catch {
      return { reachable: false, latencyMs: null };
    }
  };
}
