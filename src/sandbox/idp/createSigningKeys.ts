import { calculateJwkThumbprint, exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose';

export const SIGNING_ALGORITHM = 'RS256';

export interface SigningKey {
  readonly kid: string;
  readonly privateKey: CryptoKey;
  readonly publicJwk: JWK;
}

/** The identity provider's RS256 keys: one signs, retired ones stay published until their tokens have expired. */
export interface SigningKeys {
  current(): SigningKey;
  /** The public keys to publish, newest first. */
  jwks(): { keys: JWK[] };
  /** A new signing key; the previous one stays in the JWKS for the retention period. */
  rotate(): Promise<SigningKey>;
}

async function generateSigningKey(): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(SIGNING_ALGORITHM);
  const jwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(jwk);
  return { kid, privateKey, publicJwk: { ...jwk, kid, alg: SIGNING_ALGORITHM, use: 'sig' } };
}

/**
 * Keys are generated at start, never stored: every sandbox run has its own. `retentionMs` should
 * outlast the longest token the IdP issues, so a rotation never breaks a token still in use.
 */
export async function createSigningKeys(options: { retentionMs: number }): Promise<SigningKeys> {
  let current = await generateSigningKey();
  let retired: { key: SigningKey; until: number }[] = [];
  const prune = () => {
    const now = Date.now();
    retired = retired.filter((entry) => entry.until > now);
  };
  return {
    current: () => current,
    jwks() {
      prune();
      return { keys: [current.publicJwk, ...retired.map((entry) => entry.key.publicJwk)] };
    },
    async rotate() {
      const next = await generateSigningKey();
      prune();
      retired = [{ key: current, until: Date.now() + options.retentionMs }, ...retired];
      current = next;
      return current;
    },
  };
}
