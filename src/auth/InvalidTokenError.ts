/**
 * A bearer token the gateway refuses. The message says what is wrong (expired, wrong audience, bad
 * signature…) so a client developer can fix it; it is also the RFC 6750 `error_description`.
 */
export class InvalidTokenError extends Error {
  override readonly name = 'InvalidTokenError';
}

/** The identity provider's signing keys could not be fetched: the token may be fine, and a retry may work. */
export class SigningKeysUnavailableError extends Error {
  override readonly name = 'SigningKeysUnavailableError';
}
