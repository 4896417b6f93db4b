/**
 * Splits keys into the largest batches the upstream accepts and runs them in parallel,
 * so a DataLoader batch of any size becomes ceil(n / size) upstream calls.
 */
export async function batchInChunks<K, V>(
  keys: readonly K[],
  size: number,
  load: (chunk: K[]) => Promise<V[]>,
): Promise<V[]> {
  const chunks: K[][] = [];
  for (let start = 0; start < keys.length; start += size) chunks.push(keys.slice(start, start + size));
  const results = await Promise.all(chunks.map(load));
  return results.flat();
}
