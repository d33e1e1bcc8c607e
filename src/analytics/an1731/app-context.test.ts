// An app context's rings are made on first use; until then contexts share empty ones, which must
// never take an entry (one context's send would show up in every other's window).
import { describe, expect, it } from 'vitest';
import { AppContext, type ExecState } from './app-context.js';
import { packObject, unpackObject } from '../snapshot.js';

const exec: ExecState = { state: 'foreground', screenOff: false, locked: false, lastInteraction: 0 };
const send = (c: AppContext, ts: number) => c.sendsToAdd().add(ts, `r${ts}`, 10, exec, 'h', undefined, 443, 'https', true, undefined, false);

describe('AppContext rings', () => {
  it('share an empty ring until their first entry, then own one', () => {
    const a = new AppContext('d1', 'app.a'), b = new AppContext('d1', 'app.b');
    expect(a.sends).toBe(b.sends);
    expect(a.sends.length).toBe(0);
    a.prune(1_000); // pruning the shared ring is a no-op
    send(a, 5);
    expect(a.sends).not.toBe(b.sends);
    expect([a.sends.length, b.sends.length]).toEqual([1, 0]);
    expect(a.sendsToAdd()).toBe(a.sends);
    expect(() => b.sends.add(1, 'x', 1, exec, 'h', undefined, undefined, undefined, undefined, undefined, false)).toThrow(/shared empty ring/);
    expect(() => b.reads.add({ ts: 1, ref: 'x', category: 'sms', items: 1, bytes: 1 })).toThrow(/shared empty ring/);
    expect(b.encryptsToAdd()).not.toBe(a.encrypts);
  });

  it('still share nothing writable after a snapshot round trip (the empty ring is cloned once for all)', () => {
    const [a, b] = unpackObject<AppContext[]>(packObject([new AppContext('d1', 'app.a'), new AppContext('d1', 'app.b')]));
    expect(a.sends).toBe(b.sends); // one clone, shared as the original was
    send(a, 5);
    send(b, 6);
    expect([a.sends.length, b.sends.length]).toEqual([1, 1]);
    expect(a.sends.sends(a.sends.start, a.sends.end).map((s) => s.ref)).toEqual(['r5']);
  });
});
