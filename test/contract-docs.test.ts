// docs/spec/*.md and schemas/*.schema.json name the same fields with the same types and the same
// required ones, and docs/spec states every field that the shared reference contract states.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, SHARED, needShared } from './helpers.js';
import { schemaJson } from './schema-helpers.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
interface Row { field: string; type: string; req: string }

/** the field rows of every table of `md` (a first cell "`method`, `path`" is kept whole), by the heading above them (`### \`crypto.op\`` -> crypto.op) */
function tables(md: string): Map<string, Row[]> {
  const out = new Map<string, Row[]>();
  let section = '';
  for (const line of md.split('\n')) {
    const h = /^#{1,3} (.+)$/.exec(line);
    if (h) { section = h[1].replace(/`/g, '').trim(); continue; }
    const m = /^\| `([^`]+)` \| ([^|]*) \| ([^|]*) \|/.exec(line);
    if (!m) continue;
    const rows = out.get(section) ?? [];
    rows.push({ field: m[1], type: m[2].trim(), req: m[3].trim() });
    out.set(section, rows);
  }
  return out;
}

const doc = (name: string) => readFileSync(join(ROOT, 'docs/spec', name), 'utf8');
const sorted = (xs: Iterable<string>) => [...xs].sort();

/** JSON types a property allows (refs and oneOf/anyOf followed), as the docs word them */
function typesOf(p: Json, root: Json): string[] {
  if (p.$ref) return typesOf(root.$defs[(p.$ref as string).split('/').pop()!], root);
  if (p.oneOf || p.anyOf) return sorted(new Set((p.oneOf ?? p.anyOf).flatMap((x: Json) => typesOf(x, root)).filter((t: string) => t !== 'null')));
  if (p.type) return [p.type];
  if (p.const !== undefined) return [Number.isInteger(p.const) ? 'integer' : typeof p.const];
  if (p.enum) return ['string'];
  return [];
}

const docTypes = (t: string) => sorted(t.replace(/ .*\d.*$/, '').replace(/≥.*$/, '').split(' or ').map((x) => x.trim().split(' ')[0]));

function expectSame(rows: Row[], props: Json, required: string[], root: Json, where: string, prefix = ''): void {
  const own = rows.filter((r) => !r.field.includes('.') || prefix !== '' && r.field.startsWith(prefix));
  expect(sorted(own.map((r) => r.field.slice(prefix.length))), `${where}: fields`).toEqual(sorted(Object.keys(props)));
  expect(sorted(own.filter((r) => r.req === 'yes').map((r) => r.field.slice(prefix.length))), `${where}: required`).toEqual(sorted(required));
  for (const r of own) expect(docTypes(r.type), `${where}: ${r.field}`).toEqual(typesOf(props[r.field.slice(prefix.length)], root));
}

describe('docs/spec match the schemas', () => {
  it('telemetry: the envelope and each type, field by field (type, required)', () => {
    const s = schemaJson('telemetry');
    const t = tables(doc('telemetry-v1.md'));
    const env = t.get('Envelope (every event)')!;
    expect(sorted(env.map((r) => r.field))).toEqual(sorted(Object.keys(s.properties)));
    expect(sorted(env.filter((r) => r.req === 'yes').map((r) => r.field))).toEqual(sorted(s.required));
    for (const r of env) expect(docTypes(r.type), r.field).toEqual(typesOf(s.properties[r.field], s));
    const typed = (s.properties.type.enum as string[]).filter((x) => x !== 'user.interaction');
    for (const type of typed) {
      const def = s.$defs[type];
      const rows = (t.get(type) ?? []).filter((r) => !r.field.startsWith('payload.'));
      expectSame(rows, def.properties, def.required ?? [], s, type);
    }
    const payload = s.$defs['net.send'].properties.payload.properties;
    const prow = t.get('net.send')!.filter((r) => r.field.startsWith('payload.'));
    expectSame(prow, payload, [], s, 'net.send payload', 'payload.');
    expect(s.$defs['user.interaction']).toBeUndefined();
    expect(doc('telemetry-v1.md')).toContain('### `user.interaction`');
  });

  it('alerts: every field and exposure field, with type and required', () => {
    const s = schemaJson('alert');
    const rows = tables(doc('alerts-v1.md')).get('Alerts v1 (what ciphertrail writes)')!;
    expectSame(rows.filter((r) => !r.field.startsWith('exposure.')), s.properties, s.required, s, 'alert');
    const ex = s.properties.exposure;
    expectSame(rows.filter((r) => r.field.startsWith('exposure.')), ex.properties, ex.required, s, 'exposure', 'exposure.');
  });

  it('policy: every key path and its type', () => {
    const s = schemaJson('policy');
    const paths = new Map<string, string[]>();
    for (const [k, p] of Object.entries(s.$defs.policy.properties as Json)) {
      paths.set(k, typesOf(p, s));
      const inner = (p.anyOf ?? [p]).find((x: Json) => x.type === 'object' || x.type === 'array');
      const props = inner?.type === 'object' ? inner.properties : inner?.items?.$ref ? s.$defs.app.properties : undefined;
      for (const [c, cp] of Object.entries((props ?? {}) as Json)) paths.set(inner.type === 'array' ? `${k}[].${c}` : `${k}.${c}`, typesOf(cp, s));
    }
    const rows = tables(doc('policy-v1.md')).get('Policy v1 (tuning and the approved-app inventory)')!;
    expect(sorted(rows.map((r) => r.field))).toEqual(sorted(paths.keys()));
    for (const r of rows) {
      const want = paths.get(r.field)!;
      const got = r.type === 'duration' ? ['number', 'string'] : docTypes(r.type);
      expect(got, r.field).toEqual(want);
    }
  });
});

describe.skipIf(!needShared('spec'))('docs/spec state the shared reference contract', () => {
  const shared = (n: string) => readFileSync(join(SHARED, 'spec', n), 'utf8');

  it('telemetry: every field of every reference table, in the same section', () => {
    const ref = shared('telemetry-v1.md');
    const ours = tables(doc('telemetry-v1.md'));
    const sections: [string, string][] = [['Envelope (every event)', 'Envelope (every event)'], ['crypto.key — key material comes into use (app-scoped)', 'crypto.key'],
      ['crypto.op — one symmetric cipher operation (app-scoped)', 'crypto.op'], ['net.send — outbound transmission (app-scoped)', 'net.send']];
    const refTables = tables(ref);
    for (const [theirs, mine] of sections) {
      const want = (refTables.get(theirs) ?? []).flatMap((r) => r.field.split(/`,\s*`/));
      expect(want.length, theirs).toBeGreaterThan(0);
      const have = new Set(ours.get(mine)!.map((r) => r.field));
      for (const f of want) expect(have.has(f), `${mine}: ${f}`).toBe(true);
      // a field the reference requires is required here too (bytes_out: v1.0 requires it, v1.1 relaxes it, both stated)
      for (const r of refTables.get(theirs)!.filter((x) => x.req === 'yes')) {
        const mineRow = ours.get(mine)!.find((x) => x.field === r.field)!;
        expect(mineRow.req.startsWith('yes'), `${mine}: ${r.field} required`).toBe(true);
      }
    }
    // the types, categories, states, origins, formats and forbidden names named in prose
    for (const word of ['`data.access`', '`file.write`', '`file.delete`', '`app.state`', '`device.state`', '`user.interaction`', '`app.info`',
      '`keystrokes`', '`credentials`', '`receiver`', '`cached`', '`remote`', '`protobuf`', '`multipart`', '`raw_key', '`sample`', '`content`', '`hmac-sha256-16`']) {
      expect(ref, word).toContain(word);
      expect(doc('telemetry-v1.md'), word).toContain(word);
    }
  });

  it('alerts: every field of the reference table', () => {
    const want = (tables(shared('alerts-v1.md')).get('Alert contract v1 (output of the detector)') ?? []).flatMap((r) => r.field.split(/`,\s*`/));
    expect(want.length).toBeGreaterThan(10);
    const have = new Set(tables(doc('alerts-v1.md')).get('Alerts v1 (what ciphertrail writes)')!.map((r) => r.field));
    for (const f of want) expect(have.has(f), f).toBe(true);
  });

  it('policy: every key of the reference example', () => {
    const ref = shared('policy-v1.md');
    const yaml = /```yaml\n([\s\S]*?)```/.exec(ref)![1];
    const have = doc('policy-v1.md');
    const keys = [...yaml.matchAll(/^\s*-?\s*([a-z_]+):/gm)].map((m) => m[1]);
    expect(keys.length).toBeGreaterThan(10);
    for (const k of keys) expect(have, k).toContain(`${k}`);
    for (const k of ['medium', 'high', 'critical']) expect(have).toContain(`severity.${k}`);
  });
});
