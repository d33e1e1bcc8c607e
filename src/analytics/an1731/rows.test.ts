// The send and time columns must keep exactly what a `Recent` of records keeps (order, late
// inserts, pruning, the cap), and give the records back field for field.
import { describe, expect, it } from 'vitest';
import { Recent } from './recent.js';
import { SendRows } from './send-rows.js';
import { TimeRows } from './rows.js';
import { EncryptRows } from './encrypt-rows.js';
import { isLegacyCipher } from './facets/crypto.js';
import { hiddenScore as judge } from './exec-state.js';
import { HIDDEN_STATES } from './exec-state.js';
import type { EncryptOp, ExecState, Send } from './app-context.js';
import { Rng } from '../../simulate/prng.js';

const rng = (seed: number) => { const g = new Rng('rows', seed); return () => g.next(); };

const EXECS: ExecState[] = [
  { state: 'foreground', screenOff: false, locked: false, lastInteraction: 5 },
  { state: undefined, screenOff: undefined, locked: undefined, lastInteraction: -Infinity },
  { state: 'background', screenOff: true, locked: undefined, lastInteraction: 900 },
  { state: 'service', screenOff: undefined, locked: true, lastInteraction: 2_000 },
];
const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];

/** a random send at `ts`, with every optional field sometimes missing */
function randomSend(r: () => number, ts: number, n: number): Send {
  const payload = r() < 0.3 ? undefined : {
    ...(r() < 0.7 ? { format: pick(r, ['json', 'base64', 'binary'] as const) } : {}),
    ...(r() < 0.7 ? { entropy: Math.round(r() * 800) / 100 } : {}),
    ...(r() < 0.5 ? { b64_fields: Math.floor(r() * 3) } : {}),
  };
  return {
    ts, ref: `s-${n}`, dest: undefined, bytes: Math.floor(r() * 1e6), exec: pick(r, EXECS),
    host: pick(r, ['a.example', '10.0.0.1', undefined]), ip: pick(r, ['10.0.0.1', undefined]),
    port: pick(r, [443, 0, undefined]), proto: pick(r, ['https', 'udp', undefined]), tls: pick(r, [true, false, undefined]),
    payload, ...(r() < 0 ? {} : {}), // (a draw kept: the sequence of the seeds stays what it was)
  };
}

describe('SendRows', () => {
  it('keeps what a Recent of send records keeps, through late inserts, prunes and the cap', () => {
    for (const seed of [1, 2, 3, 4]) {
      const r = rng(seed);
      const cap = 8 + seed * 3;
      const recent = new Recent<Send>(cap), rows = new SendRows(cap);
      let t = 1_000, n = 0, checks = 0;
      for (let step = 0; step < 3000; step++) {
        const x = r();
        if (x < 0.7) {
          // mostly in order, sometimes late, sometimes on the same ms
          t += Math.floor(r() * 400);
          const ts = r() < 0.15 ? t - Math.floor(r() * 200) : t;
          const s = randomSend(r, ts, n++);
          recent.add(s);
          rows.add(s.ts, s.ref, s.bytes, s.exec, s.host, s.ip, s.port, s.proto, s.tls, s.payload);
        } else if (x < 0.95) {
          const cutoff = t - Math.floor(r() * 600);
          recent.prune(cutoff);
          rows.prune(cutoff);
        } else {
          t += 5_000; // a quiet spell: the next prune empties both
        }
        expect(rows.length).toBe(recent.length);
        expect(rows.overflow).toBe(recent.overflow);
        const got = rows.sends(rows.start, rows.end);
        const want = recent.items.map((s) => ({ ...s, dest: (s.host ?? s.ip ?? '?') + (s.port !== undefined ? ':' + s.port : ''), payload: s.payload && { ...s.payload } }));
        expect(got).toEqual(want);
        for (let i = rows.start; i < rows.end; i++) {
          const s = want[i - rows.start];
          expect(rows.dest(i)).toBe((s.host ?? s.ip ?? '?') + (s.port !== undefined ? ':' + s.port : ''));
          expect(rows.b64(i)).toBe(s.payload !== undefined && ((s.payload.b64_fields ?? 0) > 0 || s.payload.format === 'base64'));
          // the exec state's questions, asked of the columns
          expect(rows.hidden(i)).toBe(judge(s.exec, s.ts));
          expect(rows.hiddenState(i)).toBe(s.exec.state !== undefined && HIDDEN_STATES.has(s.exec.state));
          expect(rows.idle(i)).toBe(s.ts - s.exec.lastInteraction);
        }
        checks++;
      }
      expect(checks).toBe(3000);
      expect(rows.overflow).toBeGreaterThan(0);
    }
  });

  it('finds the window as row ranges, and lets go of the strings of rows that leave', () => {
    const rows = new SendRows(128);
    const objs = (rows as unknown as { objs: unknown[] }).objs;
    // the refs the columns still hold (a row that left must hold none)
    const held = () => objs.filter((x) => typeof x === 'string' && /^r\d/.test(x)).sort();
    const add = (ts: number) => rows.add(ts, `r${ts}`, 1, EXECS[0], 'h', undefined, undefined, undefined, undefined, undefined, false);
    for (const ts of [10, 20, 20, 30, 40]) add(ts);
    expect([rows.firstAtOrAfter(20), rows.endAtOrBefore(30)]).toEqual([1, 4]);
    expect([rows.firstAtOrAfter(41), rows.endAtOrBefore(5)]).toEqual([5, 0]);
    rows.prune(25);
    // three of five rows went: a small ring is not moved, the rows that left hold nothing
    expect([rows.start, rows.end]).toEqual([3, 5]);
    expect(held()).toEqual(['r30', 'r40']);
    expect(rows.sends(3, 5).map((s) => s.ref)).toEqual(['r30', 'r40']);
    for (let ts = 50; ts < 200; ts += 10) add(ts);
    rows.prune(125);
    // 13 of 20 rows are gone: the 7 live ones moved down, nothing is held past them
    expect([rows.start, rows.end]).toEqual([0, 7]);
    expect(rows.sends(0, 7).map((s) => s.ts)).toEqual([130, 140, 150, 160, 170, 180, 190]);
    expect(held()).toEqual(['r130', 'r140', 'r150', 'r160', 'r170', 'r180', 'r190']);
    // a row's record is made once and kept with it; a new row in its place gets its own
    const first = rows.send(0);
    expect(rows.send(0)).toBe(first);
    expect(rows.sends(0, 2)[0]).toBe(first);
    rows.prune(1_000);
    add(1_000);
    expect(rows.send(0)).not.toBe(first);
    expect(rows.send(0).ref).toBe('r1000');
  });
});

describe('EncryptRows', () => {
  it('keeps what a Recent of encrypt op records keeps, and answers the key and legacy questions alike', () => {
    for (const seed of [5, 6]) {
      const r = rng(seed);
      const recent = new Recent<EncryptOp>(12), rows = new EncryptRows(12);
      let t = 0, n = 0;
      for (let step = 0; step < 2000; step++) {
        if (r() < 0.7) {
          t += Math.floor(r() * 40);
          const op: EncryptOp = {
            ts: r() < 0.15 ? t - Math.floor(r() * 200) : t, ref: `e-${n++}`, alg: pick(r, ['AES', 'rc4', 'ChaCha20']),
            mode: pick(r, ['GCM', 'ecb', undefined]), key_fp: pick(r, ['k1', 'k2', undefined]), in_bytes: Math.floor(r() * 5000),
            out_bytes: Math.floor(r() * 5000), proc: pick(r, [':remote', undefined]), exec: pick(r, EXECS),
          };
          recent.add(op);
          rows.add(op.ts, op.ref, op.alg, op.in_bytes, op.out_bytes, op.exec, op.mode, op.key_fp, op.proc);
        } else {
          const cutoff = t - Math.floor(r() * 600);
          recent.prune(cutoff);
          rows.prune(cutoff);
        }
        const want = recent.items;
        expect(rows.ops(rows.start, rows.end)).toEqual(want);
        for (let i = rows.start; i < rows.end; i++) expect(rows.legacy(i)).toBe(isLegacyCipher(want[i - rows.start].alg, want[i - rows.start].mode));
        for (const fp of ['k1', 'k2', 'k3', undefined]) expect(rows.hasKey(fp)).toBe(recent.hasWith('key_fp', fp));
      }
      expect(rows.overflow).toBe(recent.overflow);
    }
  });
});

describe('TimeRows', () => {
  it('counts like a Recent of { ts }', () => {
    const r = rng(9);
    const recent = new Recent<{ ts: number }>(16), rows = new TimeRows(16);
    let t = 0;
    for (let i = 0; i < 2000; i++) {
      if (r() < 0.75) { t += Math.floor(r() * 10); const ts = t - (r() < 0.1 ? 30 : 0); recent.add({ ts }); rows.add(ts); }
      else { recent.prune(t - 50); rows.prune(t - 50); }
      expect(rows.length).toBe(recent.length);
      const ts: number[] = [];
      for (let k = rows.start; k < rows.end; k++) ts.push(rows.ts(k));
      expect(ts).toEqual(recent.items.map((x) => x.ts));
    }
  });
});
