// The evaluation gates are only allowed to skip what cannot be reported: on every context state the
// scenario library produces (several seeds and policies), a chain whose full evaluation reaches
// the report floor must pass the floor bound, and the floor bound is never under the score.
import { describe, expect, test } from 'vitest';
import { Engine } from '../engine.js';
import { DEFAULT_POLICY, type Accepted, type Policy, type TelemetryEvent } from '../../model/index.js';
import { SCENARIOS } from '../../simulate/scenarios/index.js';
import { runScenario } from '../../simulate/run-scenario.js';
import { inventoryOf } from '../../simulate/policy-yaml.js';
import type { AppContext } from './app-context.js';
import type { DeviceContext } from '../device-context.js';
import type { Analysis } from './chain-view.js';
import { chainViewOf, windowAt } from './chain-view.js';
import { breaksExpectations, verdictOf } from './inconsistency.js';
import { explainChain } from './evaluate.js';
import { scoreFloorBound, FLOOR_BOUND_LIMIT } from './upper-bound.js';
import { REPORT_FLOOR } from './scoring.js';

function policies(): [string, Policy][] {
  const inv = inventoryOf(SCENARIOS);
  const library: Policy = { ...structuredClone(DEFAULT_POLICY), apps: inv.apps, allowed_crypto_apps: inv.allowedCrypto };
  const strict: Policy = structuredClone(library);
  strict.thresholds.foreground_state_required = true;
  strict.thresholds.key_reuse_threshold = 2;
  const loose: Policy = structuredClone(DEFAULT_POLICY);
  loose.thresholds.entropy_threshold = 6;
  loose.thresholds.beacon_interval_variance = 0.5;
  loose.allowed_crypto_apps = ['com.example.mdm', 'org.thoughtcrime.securesms'];
  return [['none', structuredClone(DEFAULT_POLICY)], ['library', library], ['strict', strict], ['loose', loose]];
}

describe('score floor bound', () => {
  test.each(policies())('never under the score, never hides a reportable chain (policy %s)', (_name, policy) => {
    let checked = 0, reportable = 0;
    for (const seed of [1, 2]) {
      const events = SCENARIOS.flatMap((d) => runScenario(d, seed)).sort((x, y) => x.ts - y.ts);
      // lateness 0: every event is processed as it is pushed, so the contexts can be read after each send
      const engine = new Engine({ policy, lateness: 0, onAlert: () => {} });
      const inner = engine as unknown as { devices: Map<string, DeviceContext>; a: Analysis };
      events.forEach((e: TelemetryEvent, i) => {
        engine.push({ event: e, ts: e.ts, ref: e.id ?? `t:${i}`, source: { file: 't', line: i + 1 } } as Accepted);
        if (e.type !== 'net.send' && e.type !== 'crypto.op') return;
        const dev = inner.devices.get(e.device)!;
        const ctx = dev.apps.get(e.app) as AppContext;
        const w = windowAt(ctx, dev, e.ts, policy.thresholds.time_window);
        const view = chainViewOf(w);
        if (view.encrypts.length === 0 && view.sends.length === 0) return;
        const verdict = verdictOf(view, inner.a);
        const full = explainChain(view, dev, inner.a, verdict);
        const bound = scoreFloorBound(w, dev, inner.a, verdict, breaksExpectations(w, inner.a, verdict));
        checked++;
        if (!full) return;
        expect(bound).toBeGreaterThanOrEqual(full.score - 0.5);
        if (full.score >= REPORT_FLOOR) { reportable++; expect(bound).toBeGreaterThanOrEqual(FLOOR_BOUND_LIMIT); }
      });
      engine.end();
    }
    expect(checked).toBeGreaterThan(500);
    expect(reportable).toBeGreaterThan(0);
  });
});
