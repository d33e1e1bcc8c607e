// "Did you mean ...?" for unknown keys: a typo in a threshold name must never pass unnoticed.

/** Optimal-string-alignment distance: Levenshtein plus adjacent transpositions (`lable` -> `label` is 1). */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** `TimeWindow`, `time-window`, ` Time_Window ` all compare as `time_window` (DET0650 spells them in CamelCase). */
export function canonicalKey(k: string): string {
  return k.trim().replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/[-\s]+/g, '_').toLowerCase();
}

/** The closest candidate, or undefined when none is close enough to be a plausible typo. */
export function suggestKey(key: string, candidates: readonly string[]): string | undefined {
  const k = canonicalKey(key);
  let best: { cand: string; d: number } | undefined;
  for (const cand of candidates) {
    let d = editDistance(k, cand);
    const limit = Math.max(1, Math.floor(cand.length / 4));
    // a truncated name (`entropy` for `entropy_threshold`) is a plausible slip too
    if (d > limit && k.length >= 4 && (cand.startsWith(k) || k.startsWith(cand))) d = limit;
    if (d <= limit && (!best || d < best.d)) best = { cand, d };
  }
  return best?.cand;
}
