import type { WindowAdmission, WindowLog } from './WindowLog.js';

/** Event times in this process: right for one instance; several share the Redis log. */
export function createMemoryWindowLog(now: () => number = Date.now): WindowLog {
  const logs = new Map<string, number[]>();
  return {
    kind: 'memory',
    async admit(key, limit, windowMs): Promise<WindowAdmission> {
      const at = now();
      let times = logs.get(key);
      if (!times) logs.set(key, (times = []));
      while (times.length > 0 && times[0]! <= at - windowMs) times.shift();
      if (limit > 0 && times.length < limit) {
        times.push(at);
        return { allowed: true, used: times.length, retryAfterMs: 0 };
      }
      return { allowed: false, used: times.length, retryAfterMs: times.length > 0 ? times[0]! + windowMs - at : 0 };
    },
  };
}
