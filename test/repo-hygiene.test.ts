// What the repository itself must hold to: no path of one machine in code or tests, the shipped
// samples are what the simulator writes, the version shown is the package's.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { writeScenarios } from '../src/simulate/index.js';
import { VERSION } from '../src/version.js';
import { ROOT, tmp } from './helpers.js';

function files(dir: string, out: string[] = []): string[] {
  for (const f of readdirSync(dir)) {
    const p = join(dir, f);
    // fixtures are third-party reports that name paths of the sandbox that wrote them, not of ours
    if (f === 'node_modules' || f === 'dist' || f === 'artifacts' || f === 'fixtures') continue;
    if (statSync(p).isDirectory()) files(p, out);
    else if (/\.(ts|mjs|js|sh|json|yaml|service)$/.test(f)) out.push(p);
  }
  return out;
}

describe('repository hygiene', () => {
  it('no machine paths (home folders, the workplace) in code, tests, scripts or deploy files', () => {
    const machine = new RegExp(['/wo' + 'rk/', '/ro' + 'ot/', '/ho' + 'me/'].join('|'));
    const where = ['src', 'test', 'scripts', 'bench', 'deploy', 'sensor/frida/src', 'vitest.config.ts', 'package.json'];
    const hits: string[] = [];
    for (const w of where) {
      const p = join(ROOT, w);
      for (const f of statSync(p).isDirectory() ? files(p) : [p]) {
        readFileSync(f, 'utf8').split('\n').forEach((l, i) => { if (machine.test(l)) hits.push(`${relative(ROOT, f)}:${i + 1}: ${l.trim().slice(0, 120)}`); });
      }
    }
    expect(hits).toEqual([]);
  });

  it('samples/ holds what simulate --seed 1 writes (no hand edits, no drift)', async () => {
    const d = tmp('ct-samples-');
    await writeScenarios(d, { scenario: 'all', seed: 1 });
    for (const f of readdirSync(join(ROOT, 'samples'))) {
      expect(readFileSync(join(ROOT, 'samples', f), 'utf8'), f).toBe(readFileSync(join(d, f), 'utf8'));
    }
  });

  it('the version shown (--version, /healthz) is package.json\'s', () => {
    expect(VERSION).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
  });
});
