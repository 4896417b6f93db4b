/** One quota policy and where a principal stands in it. */
export interface PolicyStatus {
  /** The policy's name in both fields, e.g. "minute". */
  readonly name: string;
  readonly quota: number;
  readonly windowSeconds: number;
  readonly remaining: number;
  /** Seconds until more quota is made available; undefined while the quota is whole. */
  readonly nextSeconds: number | undefined;
}

/**
 * `RateLimit-Policy` and `RateLimit` as draft-ietf-httpapi-ratelimit-headers defines them:
 * Structured Field Lists of policies, each a String naming it with Integer parameters, e.g.
 * `"minute";q=60;w=60` and `"minute";r=59;t=1`. `t` is the draft's latest meaning, the seconds until
 * additional quota is made available, which is what a token bucket can say exactly.
 */
export function rateLimitHeaders(policies: readonly PolicyStatus[]): { 'ratelimit-policy': string; ratelimit: string } {
  const name = (policy: PolicyStatus) => `"${policy.name.replace(/["\\]/g, '\\$&')}"`;
  return {
    'ratelimit-policy': policies.map((policy) => `${name(policy)};q=${policy.quota};w=${policy.windowSeconds}`).join(', '),
    ratelimit: policies
      .map((policy) => `${name(policy)};r=${policy.remaining}${policy.nextSeconds === undefined ? '' : `;t=${policy.nextSeconds}`}`)
      .join(', '),
  };
}
