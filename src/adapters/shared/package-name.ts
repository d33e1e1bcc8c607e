// The package under analysis when a format does not name it: the most frequent <pkg> in
// /data/data/<pkg>/, /data/user/<n>/<pkg>/ and /data/app/<pkg>-N.apk paths, or in a component
// name "<pkg>/<class>".
const PATTERNS = [
  /\/data\/(?:data|user\/\d+)\/([A-Za-z][\w]*(?:\.[A-Za-z_][\w]*)+)(?=[/"'\\]|$)/g,
  /\/data\/app\/([A-Za-z][\w]*(?:\.[A-Za-z_][\w]*)+)-\d+(?:\/base)?\.apk/g,
  /"cmp"\s*:\s*"([A-Za-z][\w]*(?:\.[A-Za-z_][\w]*)+)\\?\//g,
];

export const PACKAGE_NAME = /^[A-Za-z][\w]*(\.[A-Za-z_][\w]*)+$/;

export function guessPackage(text: string): string | undefined {
  const counts = new Map<string, number>();
  text = text.replace(/\\\//g, '/'); // JSON-escaped slashes
  for (const re of PATTERNS) {
    for (const m of text.matchAll(re)) counts.set(m[1], (counts.get(m[1]) ?? 0) + 1);
  }
  let best: string | undefined, n = 0;
  for (const [p, c] of [...counts].sort((a, b) => (a[0] < b[0] ? -1 : 1))) if (c > n) { best = p; n = c; }
  return best;
}

/** every package a text names by path or component (the patterns above) */
export function packagesIn(text: string): Set<string> {
  const out = new Set<string>();
  text = text.replace(/\\\//g, '/');
  for (const re of PATTERNS) for (const m of text.matchAll(re)) out.add(m[1]);
  return out;
}
