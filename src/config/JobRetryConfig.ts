/** How the queue retries follow-up jobs that call this system. */
export interface JobRetryConfig {
  readonly retryLimit: number;
  /** First delay; pg-boss doubles it after each failure. */
  readonly retryDelaySeconds: number;
}
