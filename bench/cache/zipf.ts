/**
 * Ids 1..count drawn with Zipf(s) popularity: the rank-k id is asked k^-s times as often as the first.
 * Ranks go to ids through a seeded shuffle, so the popular records are spread over the data.
 */
export function createZipf(count: number, s: number, random: () => number): () => number {
  const cumulative: number[] = [];
  let total = 0;
  for (let rank = 1; rank <= count; rank += 1) cumulative.push((total += rank ** -s));
  const ids = Array.from({ length: count }, (_, index) => index + 1);
  for (let index = ids.length - 1; index > 0; index -= 1) {
    const other = Math.floor(random() * (index + 1));
    [ids[index], ids[other]] = [ids[other]!, ids[index]!];
  }
  return () => {
    const target = random() * total;
    let low = 0;
    let high = count - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (cumulative[middle]! < target) low = middle + 1;
      else high = middle;
    }
    return ids[low]!;
  };
}
