// Did the analysed sample run at all? In a sandbox the monkey (or the sample itself) can open
// another app, and a sensor that logs system-wide then records that app: its /data/data paths,
// its components. When the records that name a package mostly name one other package and hardly
// the sample, the run says nothing about the sample: a visibility gap, not a clean bill, and not
// the other app's behaviour put under the sample's name.
import { packagesIn } from './package-name.js';

export interface ForeignRun {
  /** the package most records name instead */
  other: string;
  /** records naming the sample / the other package / any package */
  sample: number;
  others: number;
  attributable: number;
}

/** at least this many records must name a package before the run is judged */
const MIN_ATTRIBUTABLE = 3;
/** the sample is taken as not run below this share of the attributable records */
const MAX_SAMPLE_SHARE = 0.2;
/** ... and when one other package has more than this share */
const MIN_OTHER_SHARE = 0.5;

/** the receiver of a hooked call, "com.example.app.MainActivity@41a2": its package by Java naming */
const RECEIVER = /"this"\s*:\s*"((?:[a-z_][\w]*\.)+)[A-Z][\w$]*@[0-9a-f]+"/g;
const FRAMEWORK = /^(android|androidx|java|javax|dalvik|libcore|sun|org\.apache|org\.json|com\.android\.internal|com\.google\.android\.gms)\./;

function packagesOf(text: string): Set<string> {
  const named = packagesIn(text);
  for (const m of text.matchAll(RECEIVER)) {
    const pkg = m[1].slice(0, -1);
    if (!FRAMEWORK.test(`${pkg}.`) && pkg.includes('.')) named.add(pkg);
  }
  return named;
}

export function foreignRun(sample: string, records: Iterable<string>): ForeignRun | undefined {
  let own = 0, attributable = 0;
  const counts = new Map<string, number>();
  for (const text of records) {
    const named = packagesOf(text);
    const mine = named.has(sample) || text.includes(`${sample}.`) || text.includes(`${sample}/`);
    if (mine) { own++; attributable++; continue; }
    if (named.size === 0) continue;
    attributable++;
    for (const p of named) counts.set(p, (counts.get(p) ?? 0) + 1);
  }
  if (attributable < MIN_ATTRIBUTABLE || own / attributable >= MAX_SAMPLE_SHARE) return undefined;
  const [other, n] = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0] ?? ['', 0];
  if (n / attributable <= MIN_OTHER_SHARE) return undefined;
  return { other, sample: own, others: n, attributable };
}

/** the sentence of the `sample_not_run` issue */
export function foreignRunMessage(sample: string, f: ForeignRun): string {
  return `the analysed sample ${sample} shows in ${f.sample} of the ${f.attributable} records that name a package, ${f.other} in ${f.others}: ` +
    `the run exercised ${f.other} (the monkey or the sample opened another app), not ${sample}. Nothing about ${sample} is visible: ` +
    `its events are not converted, and it gets an app.info with sandbox_gap "sample_not_run" (coverage lists it as blind)`;
}
