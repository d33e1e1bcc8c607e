// "did you mean": the closest known word within a small edit distance, or a unique prefix.

function distance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length];
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
  return c ? `; did you mean ${prefix}${c}?` : '';
};
