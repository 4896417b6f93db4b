/**
 * At most `limit` events in any window of `windowMs`, counted exactly (a sliding log of their times):
 * how vendors count requests, so a budget kept this way stays under theirs however calls bunch up.
 */
export interface WindowAdmission {
  readonly allowed: boolean;
  /** Events in the window now, this one included when allowed. */
  readonly used: number;
  /** When refused: milliseconds until the oldest event leaves the window. */
  readonly retryAfterMs: number;
}

export interface WindowLog {
  readonly kind: 'memory' | 'redis';
  /** Records one event under `key` if the window has room for it. With `limit` 0 it only reads. */
  admit(key: string, limit: number, windowMs: number): Promise<WindowAdmission>;
}
