const MAX_LENGTH = 100;

/**
 * Bounds the values one label takes: the first `max` distinct values pass (cut to 100 characters),
 * later new ones all become `overflow`. Prometheus keeps a series per value for as long as the
 * process lives, so values a client chooses must not grow without end.
 */
export function createLabelCap(max: number, overflow = '(other)'): (value: string) => string {
  const seen = new Set<string>();
  return (raw) => {
    const value = raw.length > MAX_LENGTH ? raw.slice(0, MAX_LENGTH) : raw;
    if (seen.has(value)) return value;
    if (seen.size >= max) return overflow;
    seen.add(value);
    return value;
  };
}
