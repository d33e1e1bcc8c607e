// "did you mean": the closest known word within a small edit distance, or a unique prefix.

/** edits (insert, delete, substitute, swap two neighbours) from a to b */
function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

export function closest(word: string, known: readonly string[]): string | undefined {
  const w = word.toLowerCase();
  const prefixed = known.filter((k) => k.startsWith(w) && w.length >= 2);
  if (prefixed.length === 1) return prefixed[0];
  let best: string | undefined;
  let bestD = Infinity;
  // typos of short words are usually one edit; longer words tolerate two or three
  const limit = Math.max(1, Math.min(3, Math.floor(w.length / 3)));
  for (const k of known) {
    const d = distance(w, k.toLowerCase());
    if (d < bestD) { bestD = d; best = k; }
  }
  return bestD <= limit ? best : undefined;
}

export const didYouMean = (word: string, known: readonly string[], prefix = ''): string => {
  const c = closest(word, known);
  return c ? ` (did you mean ${prefix}${c}?)` : '';
};
