// Self time of a `node --cpu-prof` profile of `detect`, grouped by stage (the README's "profile
// by stage" tables; see cpu-profile.mjs), and with --top N the N functions with the most self time.
// Usage: node bench/profile-stages.mjs FILE.cpuprofile [--top N]
import { readProfile, where } from './cpu-profile.mjs';

const [file] = process.argv.slice(2);
const topN = Number(process.argv[process.argv.indexOf('--top') + 1]) || 0;
const p = readProfile(file);

const pct = (ms) => `${Math.round(ms).toLocaleString('en')} ms (${Math.round((ms / p.total) * 100)} %)`;
for (const [s, ms] of p.stages) console.log(`| ${s} | ${pct(ms)} |`);
console.log(`| total | ${Math.round(p.total).toLocaleString('en')} ms |`);
if (topN) {
  console.log('\ntop functions by self time (after start-up):');
  for (const f of p.functions.slice(0, topN)) console.log(`${f.ms.toFixed(0).padStart(6)} ms  ${f.name} ${where(f)}`);
}
