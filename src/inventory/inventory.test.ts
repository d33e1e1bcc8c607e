import { describe, expect, it } from 'vitest';
import type { Accepted, TelemetryEvent, Policy } from '../model/index.js';
import { DEFAULT_POLICY } from '../model/index.js';
import { BaselineAccumulator, type Baseline } from '../baseline/index.js';
import { parsePolicy } from '../policy/index.js';
import { proposeYaml, diffInventory } from './index.js';

const GOOD = 'aa'.repeat(32), EVIL = 'bb'.repeat(32);
const policy = (apps: Policy['apps']): Policy => ({ ...DEFAULT_POLICY, apps });

function learn(evs: TelemetryEvent[]): Baseline {
  const acc = new BaselineAccumulator();
  evs.forEach((event, i) => acc.push({ event, ts: event.ts, ref: String(i), source: { file: 'x', line: i } } as Accepted));
  return acc.result();
}

/** `n` devices running the genuine notes app: foreground sync to its own domain */
function genuine(n: number, t = 1_767_600_000_000): TelemetryEvent[] {
  const out: TelemetryEvent[] = [];
  for (let d = 0; d < n; d++) {
    const device = `d${d}`, app = 'com.example.notes';
    out.push({ type: 'app.info', ts: t, device, app, signer: GOOD, installer: 'com.android.vending' });
    out.push({ type: 'app.state', ts: t + 1, device, app, state: 'foreground' });
    out.push({ type: 'crypto.key', ts: t + 2, device, app, key_fp: `k${d}`, alg: 'AES', origin: 'keystore', hw_backed: true });
    out.push({ type: 'crypto.op', ts: t + 3, device, app, alg: 'AES', dir: 'encrypt', in_bytes: 500 });
    out.push({ type: 'net.send', ts: t + 4, device, app, dst_host: 'sync.examplenotes.com', dst_port: 443, tls: true, bytes_out: 600 });
  }
  return out;
}

/** the repackaged clone on one more device: second signer, literal key, new domain, background */
function clone(device = 'dx', t = 1_767_600_100_000): TelemetryEvent[] {
  const app = 'com.example.notes';
  return [
    { type: 'app.info', ts: t, device, app, signer: EVIL, installer: 'sideload' },
    { type: 'app.state', ts: t + 1, device, app, state: 'service' },
    { type: 'data.access', ts: t + 2, device, app, category: 'contacts', items: 200 },
    { type: 'crypto.key', ts: t + 3, device, app, key_fp: 'lit', alg: 'AES', origin: 'literal' },
    { type: 'crypto.op', ts: t + 4, device, app, alg: 'AES', dir: 'encrypt', in_bytes: 30_000 },
    { type: 'net.send', ts: t + 5, device, app, dst_host: 'notes-cdn-sync.top', dst_port: 443, tls: true, bytes_out: 40_000 },
  ];
}

const NOTES = { package: 'com.example.notes', approved: true, label: 'notes', signer: GOOD, expected_domains: ['*.examplenotes.com'], background_network: false };

describe('inventory diff', () => {
  it('a repackaged clone shows up as a second signer, a new domain, background sends and a literal key', () => {
    const d = diffInventory(learn([...genuine(3), ...clone()]), policy([NOTES]));
    expect(d.deviating).toHaveLength(1);
    expect(d.deviating[0].package).toBe('com.example.notes');
    expect(d.deviating[0].findings.map((f) => f.code)).toEqual(['new_domain', 'background_network', 'second_signer', 'local_keys']);
    expect(d.deviating[0].findings[0].why).toContain('notes-cdn-sync.top');
  });

  it('the genuine app behaving as declared is not listed', () => {
    const d = diffInventory(learn(genuine(3)), policy([NOTES, { package: 'com.example.gone', approved: true }]));
    expect(d.deviating).toEqual([]);
    expect(d.unlisted).toEqual([]);
    expect(d.stale).toEqual([{ package: 'com.example.gone', approved: true }]);
  });

  it('ranks unlisted apps by risk: crypto + background sends + sensitive data first', () => {
    const b = learn([...genuine(2), ...clone('dy').map((e) => ({ ...e, app: 'com.shady.app' }))]);
    const d = diffInventory(b, policy([]));
    expect(d.unlisted.map((u) => u.package)).toEqual(['com.shady.app', 'com.example.notes']);
    expect(d.unlisted[0].risk).toBeGreaterThan(d.unlisted[1].risk);
    expect(d.unlisted[0].reasons.join(' ')).toMatch(/background.*contacts|contacts/);
  });
});

describe('inventory propose', () => {
  it('is deterministic, approves nothing new, and loads with the policy loader', () => {
    const evs = [...genuine(3), ...clone('dy').map((e) => ({ ...e, app: 'com.shady.app' }))];
    const a = proposeYaml(learn(evs), policy([NOTES]));
    // the same fleet read in another device order (each device's stream stays in order)
    const devices = [...new Set(evs.map((e) => e.device))].reverse();
    const b = proposeYaml(learn(devices.flatMap((d) => evs.filter((e) => e.device === d))), policy([NOTES]));
    expect(a).toBe(b);
    const r = parsePolicy(a, 'proposal.yaml');
    expect(r.issues).toEqual([]);
    const apps = r.value!.apps;
    expect(apps.map((x) => x.package)).toEqual(['com.example.notes', 'com.shady.app']);
    expect(apps[0].approved).toBe(true); // as the current policy says
    expect(apps[1].approved).toBeUndefined(); // never auto-approved
    expect(apps[1]).toMatchObject({ signer: EVIL, expected_domains: ['*.notes-cdn-sync.top'], background_network: true });
    expect(a).toContain('# seen on 3 device(s)');
    expect(a).toContain('not in the current inventory: set approved (and label) after review');
  });
});

describe('inventory propose with a second signer', () => {
  it('keeps the declared expectations of a pinned app when another signer was seen (the clone\'s behaviour is not proposed)', () => {
    const r = parsePolicy(proposeYaml(learn([...genuine(3), ...clone()]), policy([NOTES])), 'p.yaml');
    expect(r.issues).toEqual([]);
    expect(r.value!.apps[0]).toMatchObject({ package: 'com.example.notes', signer: GOOD, expected_domains: ['*.examplenotes.com'], background_network: false });
    // while a clean fleet's new domain is proposed
    const more = [...genuine(3), { type: 'net.send', ts: 1_767_600_000_100, device: 'd0', app: 'com.example.notes', dst_host: 'cdn.notes-static.net', bytes_out: 10 } as TelemetryEvent];
    expect(parsePolicy(proposeYaml(learn(more), policy([NOTES])), 'p.yaml').value!.apps[0].expected_domains).toEqual(['*.examplenotes.com', '*.notes-static.net']);
  });
});
