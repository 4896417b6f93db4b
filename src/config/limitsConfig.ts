import { z } from 'zod';
import type { ConfigSection } from './ConfigSection.js';
import { plansFileVariable } from './loadPlans.js';
import type { Plans } from './Plan.js';

/** Plans, where their counters live, and the shape limits every query must respect. */
export interface LimitsConfig {
  readonly plans: Plans;
  /** Undefined: counters in this process's memory (one instance only). */
  readonly redisUrl: string | undefined;
  /** Prefix of every counter key, so several gateways (or test runs) can share one Redis. */
  readonly keyPrefix: string;
  readonly query: {
    readonly maxDepth: number;
    readonly maxAliases: number;
    readonly maxTokens: number;
    readonly maxDirectives: number;
  };
}

const redisUrl = z.url({ protocol: /^rediss?$/ }).optional();
const limit = (max: number) => z.coerce.number().int().min(1).max(max);

export const limitsConfigSection: ConfigSection<LimitsConfig> = {
  variables: [
    { name: 'PLANS_FILE', default: '', meaning: 'JSON file of the plans (requests per minute/hour/day, query-cost budget, field limits); empty = config/plans.json' },
    { name: 'REDIS_URL', default: '', meaning: 'Redis for rate-limit counters shared by every instance (redis:// or rediss://); empty = in memory, one instance' },
    { name: 'RATE_LIMIT_KEY_PREFIX', default: 'switchyard:limits:', meaning: 'Prefix of the rate-limit keys in Redis' },
    { name: 'QUERY_MAX_DEPTH', default: '10', meaning: 'Deepest field nesting a query may have' },
    { name: 'QUERY_MAX_ALIASES', default: '15', meaning: 'Most aliases one query may use' },
    { name: 'QUERY_MAX_TOKENS', default: '2000', meaning: 'Most lexical tokens one document may have (checked while parsing)' },
    { name: 'QUERY_MAX_DIRECTIVES', default: '50', meaning: 'Most directives one query may use' },
  ],
  read(read) {
    return {
      plans: read('PLANS_FILE', plansFileVariable),
      redisUrl: read('REDIS_URL', redisUrl),
      keyPrefix: read('RATE_LIMIT_KEY_PREFIX', z.string().min(1).max(200)),
      query: {
        maxDepth: read('QUERY_MAX_DEPTH', limit(100)),
        maxAliases: read('QUERY_MAX_ALIASES', limit(1000)),
        maxTokens: read('QUERY_MAX_TOKENS', limit(1_000_000)),
        maxDirectives: read('QUERY_MAX_DIRECTIVES', limit(1000)),
      },
    };
  },
};
