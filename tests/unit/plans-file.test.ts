import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config/index.js';

function plansFile(content: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), 'plans-')), 'plans.json');
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

function configError(env: Record<string, string>): string {
  try {
    parseConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  return expect.unreachable('the configuration was accepted');
}

const plan = {
  requests: { perMinute: 60, perHour: 1000, perDay: 10000 },
  cost: { maximumAvailable: 1000, restoreRate: 50, maxQueryCost: 1000 },
};

describe('plans file', () => {
  it('loads config/plans.json by default: free, pro and enterprise', () => {
    const { plans } = parseConfig({}).limits;
    expect(Object.keys(plans).sort()).toEqual(['enterprise', 'free', 'pro']);
    expect(plans.free).toMatchObject({ name: 'free', requests: { perMinute: 60 }, cost: { maximumAvailable: 1000, restoreRate: 50 } });
    expect(plans.free.fields['Mutation.placeOrder']).toEqual({ max: 5, windowSeconds: 60 });
    expect(Object.isFrozen(plans.pro?.requests)).toBe(true);
  });

  it('reads PLANS_FILE, filling missing field limits with none', () => {
    const { plans } = parseConfig({ PLANS_FILE: plansFile({ plans: { free: plan, gold: plan } }) }).limits;
    expect(Object.keys(plans)).toEqual(['free', 'gold']);
    expect(plans.gold?.fields).toEqual({});
  });

  it('stops start-up naming the variable, the file and the JSON path of each problem', () => {
    const path = plansFile({
      plans: {
        free: { ...plan, requests: { perMinute: 0, perHour: 1000, perDay: 10000 } },
        pro: { ...plan, cost: { maximumAvailable: 100, restoreRate: 5, maxQueryCost: 500 } },
        enterprise: { ...plan, fields: { placeOrder: { max: 1, windowSeconds: 60 } } },
        typo: { ...plan, request: {} },
      },
    });
    const message = configError({ PLANS_FILE: path });
    expect(message).toContain(`PLANS_FILE="${path}"`);
    expect(message).toContain(`${path}: plans.free.requests.perMinute`);
    expect(message).toContain(`${path}: plans.pro.cost.maxQueryCost: cost.maxQueryCost is above cost.maximumAvailable`);
    expect(message).toContain(`${path}: plans.enterprise.fields.placeOrder: not a schema coordinate`);
    expect(message).toMatch(/plans\.typo.*request/);
  });

  it('requires the free plan, which anonymous callers use', () => {
    expect(configError({ PLANS_FILE: plansFile({ plans: { pro: plan } }) })).toContain('a "free" plan is required');
  });

  it('refuses a file that is missing or not JSON', () => {
    expect(configError({ PLANS_FILE: '/nonexistent/plans.json' })).toContain('ENOENT');
    expect(configError({ PLANS_FILE: plansFile('{ plans: ') })).toMatch(/PLANS_FILE=.*JSON/);
  });

  it('checks the Redis URL and query limits', () => {
    const message = configError({ REDIS_URL: 'http://127.0.0.1:6379', QUERY_MAX_DEPTH: '0' });
    expect(message).toContain('REDIS_URL="http://127.0.0.1:6379"');
    expect(message).toContain('QUERY_MAX_DEPTH="0"');
    expect(parseConfig({ REDIS_URL: 'redis://127.0.0.1:6379/2' }).limits.redisUrl).toBe('redis://127.0.0.1:6379/2');
  });
});
