import { z } from 'zod';
import type { ConfigSection, VariableDoc } from './ConfigSection.js';
import { readableFile } from './readableFile.js';
import { SYSTEM_NAMES, type SystemName } from './SystemName.js';

/** PEM files for calling a system over TLS with a client certificate, and/or a private CA. */
export interface UpstreamTls {
  readonly certFile: string | undefined;
  readonly keyFile: string | undefined;
  /** Trusted instead of the public CAs when set. */
  readonly caFile: string | undefined;
}

export type UpstreamTlsConfig = { readonly [S in SystemName]: UpstreamTls | undefined };

const prefixOf = (system: SystemName) => system.toUpperCase();
const optionalFile = readableFile.optional();
const pairedWith = (other: string) => z.string({ error: `required when ${other} is set` }).pipe(readableFile);

/** `${SYSTEM}_CLIENT_CERT`, `${SYSTEM}_CLIENT_KEY` and `${SYSTEM}_CA`, per system; all empty = plain TLS. */
export const upstreamTlsConfigSection: ConfigSection<UpstreamTlsConfig> = {
  variables: SYSTEM_NAMES.flatMap((system): VariableDoc[] => {
    const prefix = prefixOf(system);
    return [
      { name: `${prefix}_CLIENT_CERT`, default: '', meaning: `PEM file: client certificate presented to the ${system} system (with ${prefix}_CLIENT_KEY)` },
      { name: `${prefix}_CLIENT_KEY`, default: '', meaning: `PEM file: private key of ${prefix}_CLIENT_CERT` },
      { name: `${prefix}_CA`, default: '', meaning: `PEM file: CA bundle trusted for the ${system} system instead of the public CAs; empty = public CAs` },
    ];
  }),
  read(read) {
    return Object.fromEntries(
      SYSTEM_NAMES.map((system) => {
        const prefix = prefixOf(system);
        const certSet = read(`${prefix}_CLIENT_CERT`, z.string().optional()) !== undefined;
        const keySet = read(`${prefix}_CLIENT_KEY`, z.string().optional()) !== undefined;
        const certFile = read(`${prefix}_CLIENT_CERT`, keySet ? pairedWith(`${prefix}_CLIENT_KEY`) : optionalFile);
        const keyFile = read(`${prefix}_CLIENT_KEY`, certSet ? pairedWith(`${prefix}_CLIENT_CERT`) : optionalFile);
        const caFile = read(`${prefix}_CA`, optionalFile);
        const tls = certFile === undefined && keyFile === undefined && caFile === undefined ? undefined : { certFile, keyFile, caFile };
        return [system, tls];
      }),
    ) as unknown as UpstreamTlsConfig;
  },
};
