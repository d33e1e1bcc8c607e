import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CiphertrailError } from '../model/index.js';
import { parseLabels, readLabels } from './read-labels.js';
import { LABELS, label } from './fixtures.test-util.js';

const dir = mkdtempSync(join(tmpdir(), 'ct-eval-labels-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function put(name: string, content: string): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

describe('readLabels', () => {
  it('reads a valid labels file', async () => {
    const p = put('valid-labels.json', JSON.stringify(LABELS, null, 2));
    expect(await readLabels(p)).toEqual(LABELS);
  });

  it('collects every problem, naming the field', async () => {
    const bad = {
      version: 2,
      seed: 'x',
      scenarios: [
        label('ok', true, 'd1', 'com.a'),
        { scenario: 'x', malicious: 'yes', device: '', app: 'com.b', note: 'n' },
        { ...label('y', false, 'd2', 'com.c'), twin: 3 },
        'nope',
      ],
    };
    const p = put('invalid-fields.json', JSON.stringify(bad));
    const err = await readLabels(p).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(CiphertrailError);
    const e = err as CiphertrailError;
    expect(e.code).toBe('invalid_labels');
    expect(e.issues.map((i) => i.field)).toEqual([
      'version', 'seed', 'scenarios[1].device', 'scenarios[1].malicious', 'scenarios[2].twin', 'scenarios[3]',
    ]);
    expect(e.issues.every((i) => i.file === p)).toBe(true);
    expect(e.message).toContain('scenarios[1].device');
  });

  it('rejects a pair labelled twice and a scenario with mixed labels', () => {
    const r = parseLabels(JSON.stringify({
      version: 1, seed: 1,
      scenarios: [label('s', true, 'd1', 'com.a'), label('t', false, 'd1', 'com.a'), label('s', false, 'd2', 'com.a')],
    }));
    expect(r.value).toBeUndefined();
    expect(r.issues.map(({ code, field }) => ({ code, field }))).toEqual([
      { code: 'duplicate_label', field: 'scenarios[1].app' },
      { code: 'mixed_scenario', field: 'scenarios[2].malicious' },
    ]);
  });

  it('reports broken JSON with a line number', async () => {
    const p = put('invalid-json.json', '{\n  "version": 1,\n  "seed": 1\n  "scenarios": []\n}\n');
    await expect(readLabels(p)).rejects.toMatchObject({ code: 'not_json', issues: [{ code: 'not_json', line: 4, file: p }] });
  });

  it('reports a missing file', async () => {
    await expect(readLabels(join(dir, 'missing.json'))).rejects.toMatchObject({
      code: 'read_error', issues: [{ code: 'read_error', message: 'cannot read labels file: no such file' }],
    });
  });
});
