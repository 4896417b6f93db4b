/** Why the store could not start or migrate; each code is used for one cause only. */
export type StoreErrorCode =
  | 'STORE_INVALID_URL'
  | 'STORE_INVALID_SCHEMA'
  | 'STORE_UNREACHABLE'
  | 'STORE_EMBEDDED_FAILED'
  | 'MIGRATION_CHECKSUM_MISMATCH'
  | 'MIGRATION_PREVIOUSLY_FAILED'
  | 'MIGRATION_FAILED';

export class StoreError extends Error {
  override readonly name = 'StoreError';
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
