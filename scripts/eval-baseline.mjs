#!/usr/bin/env node
// The eval table with and without a baseline (README, "App baselines"). Run after `npm run build`:
//   node scripts/eval-baseline.mjs [OUTDIR]
// 1. benign-only data: the benign scenarios of seeds 2..9 (each seed's devices renamed so that
//    they count as 8 distinct devices per app), learned one baseline per seed, then merged;
// 2. the labelled library of seed 1 (the README's eval table) detected with the scenario policy,
//    without and with that baseline, then again with no policy at all; 3. `eval --baseline`
//    prints each pair side by side.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist/cli/main.js');
const out = process.argv[2] ?? mkdtempSync(join(tmpdir(), 'ct-eval-baseline-'));
mkdirSync(out, { recursive: true });
const ct = (...args) => execFileSync(process.execPath, [cli, ...args], { encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'ignore'] });

const parts = [];
for (let seed = 2; seed <= 9; seed++) {
  const dir = join(out, `seed-${seed}`);
  ct('simulate', '--out', dir, '--seed', String(seed));
  const labels = JSON.parse(readFileSync(join(dir, 'labels.json'), 'utf8')).scenarios;
  const benign = [...new Set(labels.filter((l) => !l.malicious).map((l) => l.scenario))];
  const text = benign.map((s) => readFileSync(join(dir, `${s}.ndjson`), 'utf8')).join('').replaceAll('"device":"sim-', `"device":"sim-s${seed}-`);
  writeFileSync(join(dir, 'benign.ndjson'), text);
  const part = join(out, `baseline-seed-${seed}.json`);
  ct('baseline', join(dir, 'benign.ndjson'), '--out', part);
  parts.push(part);
}
const baseline = join(out, 'benign-baseline.json');
ct('baseline', 'merge', ...parts, '--out', baseline);

const lib = join(out, 'library');
ct('simulate', '--out', lib, '--seed', '1');
const policy = join(lib, 'policy.yaml');
const without = join(out, 'alerts-without.ndjson'), withB = join(out, 'alerts-with-baseline.ndjson');
writeFileSync(without, ct('detect', join(lib, 'all.ndjson'), '--policy', policy));
writeFileSync(withB, ct('detect', join(lib, 'all.ndjson'), '--policy', policy, '--baseline', baseline));
process.stdout.write('With the scenario policy (inventory):\n\n' + ct('eval', '--labels', join(lib, 'labels.json'), without, '--baseline', withB, '--markdown'));
// no policy at all: the baseline is then the only judge of fit
const without0 = join(out, 'alerts-nopolicy-without.ndjson'), with0 = join(out, 'alerts-nopolicy-with-baseline.ndjson');
writeFileSync(without0, ct('detect', join(lib, 'all.ndjson')));
writeFileSync(with0, ct('detect', join(lib, 'all.ndjson'), '--baseline', baseline));
process.stdout.write('\nWithout any policy:\n\n' + ct('eval', '--labels', join(lib, 'labels.json'), without0, '--baseline', with0, '--markdown'));
