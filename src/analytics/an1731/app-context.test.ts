// An app context's window makes its rings on first use; until then contexts share empty ones, which
// must never take an entry (one context's send would show up in every other's window). Key records
// and staged artifacts are read as absent past their horizon, whenever memory is freed.
import { describe, expect, it } from 'vitest';
import { AppContext, type ExecState } from './app-context.js';
import { packObject, unpackObject } from '../snapshot.js';
import { DEFAULT_POLICY } from '../../model/index.js';
import { Inventory } from '../../policy/inventory.js';
import { FleetKeys } from './fleet-keys.js';
import type { UpdateEnv } from './facet.js';

const exec: ExecState = { state: 'foreground', screenOff: false, locked: false, lastInteraction: 0 };
const a = { policy: DEFAULT_POLICY, inventory: new Inventory(DEFAULT_POLICY), fleetKeys: new FleetKeys(3_600_000) };
const ctx = (app: string) => new AppContext('d1', app, undefined, false, 4 * 3_600_000, 630_000);
const env = (c: AppContext): UpdateEnv => ({ a, ctx: c, w: c.win });
const send = (c: AppContext, ts: number) => c.win.addSend(ts, `r${ts}`, 10, exec, 'h', undefined, 443, 'https', true, undefined, 600_000, env(c));

describe('AppContext', () => {
  it('windows share an empty ring until their first entry, then own one', () => {
    const x = ctx('app.a'), y = ctx('app.b');
    expect(x.win.sends).toBe(y.win.sends);
    x.win.prune(1_000, env(x)); // pruning the shared ring is a no-op
    send(x, 5);
    expect(x.win.sends).not.toBe(y.win.sends);
    expect([x.win.sends.length, y.win.sends.length]).toEqual([1, 0]);
    expect(() => y.win.sends.add(1, 'x', 1, exec, 'h', undefined, undefined, undefined, undefined, undefined)).toThrow(/shared empty ring/);
    expect(() => y.win.reads.add({ ts: 1, ref: 'x', category: 'sms', items: 1, bytes: 1 })).toThrow(/shared empty ring/);
  });

  it('still share nothing writable after a snapshot round trip', () => {
    const [x, y] = unpackObject<AppContext[]>(packObject([ctx('app.a'), ctx('app.b')]));
    send(x, 5);
    send(y, 6);
    expect([x.win.sends.length, y.win.sends.length]).toEqual([1, 1]);
    expect(x.win.sends.sends(x.win.sends.start, x.win.sends.end).map((s) => s.ref)).toEqual(['r5']);
  });

  it('reads a key announced and not used as absent after the staging horizon, a used one after window + lateness', () => {
    const c = ctx('app.a');
    c.setKey({ key_fp: 'k1', alg: 'AES', origin: 'stored', hw_backed: false, kdf: undefined, lastUse: 0, used: false });
    expect(c.key('k1', 3 * 3_600_000)?.origin).toBe('stored');
    expect(c.key('k1', 5 * 3_600_000)).toBeUndefined();
    c.setKey({ key_fp: 'k2', alg: 'AES', origin: 'stored', hw_backed: false, kdf: undefined, lastUse: 0, used: true });
    expect(c.key('k2', 600_000)?.origin).toBe('stored');
    expect(c.key('k2', 700_000)).toBeUndefined();
    // what memory holds does not change what a lookup sees
    c.expire(700_000);
    expect(c.keys.has('k2')).toBe(false);
    expect(c.key('k1', 700_000)?.origin).toBe('stored');
  });
});
