// Durability matrix: `serve` (real SQLite file) and the NATS workers (real nats-server) killed with
// kill -9 and SIGTERM at points a seeded PRNG chooses (test/durability/kill-plan.ts), restarted,
// and checked against the invariants of docs/operations.md#durability: every acknowledged event
// is stored, the final alerts equal detect's on the same events, no (id, rev) twice.
//
// Env: DURABILITY_SEED=N (first seed; try t uses N + t), DURABILITY_TRIES=N (tries per host),
// DURABILITY_LONG=1 (more tries and kills on a larger fleet: `npm run durability`),
// DURABILITY_FLEET=devices,hours,seed,mix (another fleet).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmp } from './helpers.js';
import { NATS_BIN } from './nats-helpers.js';
import { buildReference, type FleetSpec, type Reference } from './durability/reference.js';
import { figures, newTally, planTry, type Plan } from './durability/kill-plan.js';
import { serverTry } from './durability/server-try.js';
import { natsTry, NATS_TARGETS } from './durability/nats-try.js';

const int = (name: string, dflt: number): number => { const v = Number(process.env[name] ?? dflt); if (!Number.isInteger(v) || v < 0) throw new Error(`${name}: want a whole number`); return v; };
const LONG = !!process.env.DURABILITY_LONG;
const FIRST = int('DURABILITY_SEED', 1);
const SERVER_TRIES = int('DURABILITY_TRIES', LONG ? 30 : 5);
const NATS_TRIES = int('DURABILITY_TRIES', LONG ? 15 : 3);
/** kills per try: a few in CI, more in the long mode */
const KILLS: [number, number] = LONG ? [3, 8] : [2, 4];
const FLEET: FleetSpec = (() => {
  const f = process.env.DURABILITY_FLEET?.split(',');
  if (f) return { devices: Number(f[0]), hours: Number(f[1]), seed: Number(f[2]), mix: f[3] === 'sparse' ? 'sparse' : 'dense' };
  // dense: every alert is a chain of about the whole fleet's hours, so every kill lands mid-chain
  return LONG ? { devices: 120, hours: 6, seed: 7, mix: 'dense' } : { devices: 80, hours: 4, seed: 5, mix: 'dense' };
})();

const natsInstalled = spawnSync(NATS_BIN, ['--version']).status === 0;
if (!natsInstalled && process.env.CI) throw new Error(`CI: nats-server (${NATS_BIN}) is missing; npm test installs it (scripts/ensure-nats.sh)`);
if (!natsInstalled) console.log(`durability: nats-server not found (${NATS_BIN}): the NATS tries are skipped (sh scripts/ensure-nats.sh installs it)`);

let root: string, ref: Reference;
const server = newTally(), nats = newTally(), leased = newTally();
const t0 = { server: 0, nats: 0 }, took = { server: 0, nats: 0, leased: 0 };

beforeAll(() => {
  root = tmp('ct-durability-');
  ref = buildReference(root, FLEET);
  expect(ref.finals.size, 'the fleet gives alerts').toBeGreaterThan(2);
}, 120_000);

afterAll(() => {
  const fleet = `fleet ${FLEET.devices} devices × ${FLEET.hours} h seed ${FLEET.seed} ${FLEET.mix}, ${ref?.lines.length ?? 0} lines, ${ref?.finals.size ?? 0} detect alerts`;
  console.log(`${figures('serve', server, took.server)}; ${fleet}`);
  if (natsInstalled) console.log(`${figures('NATS workers', nats, took.nats)}; ${fleet}`);
  if (natsInstalled) console.log(`${figures('NATS leased workers', leased, took.leased)}; ${fleet}`);
  if (root) rmSync(root, { recursive: true, force: true });
});

const rerun = (seed: number) => `rerun: DURABILITY_SEED=${seed} DURABILITY_TRIES=1 npx vitest run test/durability.test.ts`;
const describePlan = (p: Plan, fired: { at: number; kind: string; delayMs: number; target: number }[], who: (t: number) => string) =>
  `${p.batches.length} batches; kills fired: ${fired.map((k) => `${k.kind === 'SIGKILL' ? 'kill -9' : 'SIGTERM'} ${who(k.target)} at line ${k.at} +${k.delayMs} ms`).join(', ') || 'none'}`;

describe(`durability: serve over a real SQLite file, kill -9 / SIGTERM at seeded points (${SERVER_TRIES} tries from seed ${FIRST})`, () => {
  for (let t = 0; t < SERVER_TRIES; t++) {
    const seed = FIRST + t;
    it(`seed ${seed}: acknowledged = stored, final alerts = detect's, no (id, rev) twice`, async () => {
      const start = performance.now();
      const plan = planTry('serve', seed, ref.lines.length - 2, { kills: KILLS, maxBatch: 500 });
      // (the end events go out as the last batch of their own)
      plan.batches.push(2);
      const r = await serverTry(ref, plan, mkdtempSync(join(root, `serve-${seed}-`)), server);
      took.server += (performance.now() - start) / 1000;
      expect(r.problems, `seed ${seed}: ${describePlan(plan, r.kills, () => 'serve')}\n  ${r.problems.join('\n  ')}\n  ${rerun(seed)}`).toEqual([]);
      expect(r.kills.length).toBe(plan.kills.length);
    }, 180_000);
  }
});

describe.skipIf(!natsInstalled)(`durability: NATS workers on a real nats-server, kill -9 / SIGTERM at seeded points (${NATS_TRIES} tries from seed ${FIRST})`, () => {
  for (let t = 0; t < NATS_TRIES; t++) {
    const seed = FIRST + t;
    it(`seed ${seed}: published = in the stream once, final alerts = detect's, every version once`, async () => {
      const start = performance.now();
      const plan = planTry('nats', seed, ref.lines.length, { kills: KILLS, maxBatch: 2000, targets: NATS_TARGETS, maxDelayMs: 600, killWithin: Math.floor(ref.lines.length * 0.8) });
      const r = await natsTry(ref, plan, mkdtempSync(join(root, `nats-${seed}-`)), nats);
      took.nats += (performance.now() - start) / 1000;
      expect(r.problems, `seed ${seed}: ${describePlan(plan, r.kills, (i) => ['worker A (partitions 0-1)', 'worker B (partitions 2-3)', 'worker F (fleet stage)'][i])}\n  ${r.problems.join('\n  ')}\n  ${rerun(seed)}`).toEqual([]);
      expect(r.kills.length).toBeGreaterThan(0);
    }, 240_000);
  }
});

describe.skipIf(!natsInstalled)(`durability: NATS workers sharing the partitions through leases, kill -9 / SIGTERM at seeded points (${NATS_TRIES} tries from seed ${FIRST})`, () => {
  for (let t = 0; t < NATS_TRIES; t++) {
    const seed = FIRST + t;
    it(`seed ${seed}: published = in the stream once, final alerts = detect's, every version once`, async () => {
      const start = performance.now();
      const plan = planTry('nats', seed, ref.lines.length, { kills: KILLS, maxBatch: 2000, targets: NATS_TARGETS, maxDelayMs: 600, killWithin: Math.floor(ref.lines.length * 0.8) });
      const r = await natsTry(ref, plan, mkdtempSync(join(root, `leased-${seed}-`)), leased, 'leased');
      took.leased += (performance.now() - start) / 1000;
      expect(r.problems, `seed ${seed}: ${describePlan(plan, r.kills, (i) => `leased worker ${'ABC'[i]}`)}\n  ${r.problems.join('\n  ')}\n  ${rerun(seed)}`).toEqual([]);
      expect(r.kills.length).toBeGreaterThan(0);
    }, 240_000);
  }
});
