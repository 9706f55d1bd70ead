/**
 * Typo repair for the words the router listens for: a word it does not know is replaced by the one known
 * word within one edit (two for long words) — "blokced" → "blocked", "endpiont" → "endpoint". Names the user
 * typed (tickets, paths, identifiers) are never touched: only plain lower-case words of 4+ letters.
 */
export function repairTypos(words: readonly string[], vocabulary: ReadonlySet<string>): string[] {
  return words.map((word) => {
    if (word.length < 4 || vocabulary.has(word) || !/^[a-z]+$/.test(word)) return word;
    const limit = word.length >= 7 ? 2 : 1;
    let best: string | undefined;
    let bestDistance = limit + 1;
    for (const known of vocabulary) {
      if (Math.abs(known.length - word.length) > limit) continue;
      const distance = editDistance(word, known, limit);
      if (distance < bestDistance) {
        best = known;
        bestDistance = distance;
      }
    }
    return best ?? word;
  });
}

/** Damerau-Levenshtein (optimal string alignment), giving up past `limit`. */
function editDistance(a: string, b: string, limit: number): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i < rows; i++) {
    let rowMin = Number.POSITIVE_INFINITY;
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(
        (d[i - 1]?.[j] ?? 0) + 1,
        (d[i]?.[j - 1] ?? 0) + 1,
        (d[i - 1]?.[j - 1] ?? 0) + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        value = Math.min(value, (d[i - 2]?.[j - 2] ?? 0) + 1);
      (d[i] as number[])[j] = value;
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > limit) return limit + 1;
  }
  return d[rows - 1]?.[cols - 1] ?? limit + 1;
}
