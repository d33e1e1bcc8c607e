import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { LabelsFile } from '../model/index.js';
import { parsePolicy } from '../policy/index.js';
import { listScenarios, writeScenarios } from './write-scenarios.js';
import { SCENARIOS } from './scenarios/index.js';
import { PROFILES } from './profiles/index.js';
import { contractProblems } from './contract-check.js';

type Ev = Record<string, any>;
const MIN = 60_000;
let root: string;
let dirA: string;
let files: string[];
let labels: LabelsFile;

const readLines = async (f: string): Promise<Ev[]> =>
  (await readFile(f, 'utf8')).split('\n').filter((l) => l !== '').map((l) => JSON.parse(l));

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ciphertrail-sim-'));
  dirA = join(root, 'a');
  ({ files, labels } = await writeScenarios(dirA, { scenario: 'all', seed: 1 }));
});
afterAll(async () => { await rm(root, { recursive: true, force: true }); });

describe('writeScenarios', () => {
  it('writes one file per scenario plus all.ndjson, labels.json and policy.yaml', async () => {
    const names = (await readdir(dirA)).sort();
    const expected = [...SCENARIOS.map((s) => `${s.name}.ndjson`), 'all.ndjson', 'labels.json', 'policy.yaml'].sort();
    expect(names).toEqual(expected);
    expect(files.map((f) => f.slice(dirA.length + 1)).sort()).toEqual(expected);
  });

  it('is byte-identical for the same seed and differs for another', async () => {
    const dirB = join(root, 'b'), dirC = join(root, 'c');
    await writeScenarios(dirB, { scenario: 'all', seed: 1 });
    await writeScenarios(dirC, { scenario: 'all', seed: 2 });
    for (const f of await readdir(dirA)) {
      expect(await readFile(join(dirB, f), 'utf8'), f).toBe(await readFile(join(dirA, f), 'utf8'));
    }
    expect(await readFile(join(dirC, 'all.ndjson'), 'utf8')).not.toBe(await readFile(join(dirA, 'all.ndjson'), 'utf8'));
    for (const s of SCENARIOS) {
      expect(await readFile(join(dirC, `${s.name}.ndjson`), 'utf8'), s.name).not.toBe(await readFile(join(dirA, `${s.name}.ndjson`), 'utf8'));
    }
  });

  it('every line of every scenario passes the contract check', async () => {
    for (const s of SCENARIOS) {
      const events = await readLines(join(dirA, `${s.name}.ndjson`));
      events.forEach((e, i) => {
        expect(contractProblems(e), `${s.name}.ndjson:${i + 1}`).toEqual([]);
        expect(e.src).toBe('sim');
        expect(e.id).toBe(`${s.name}-${i + 1}`);
      });
    }
  });

  it('sorts each file by ts and keeps scenarios 10–40 min long with 30–300 events', async () => {
    for (const s of SCENARIOS) {
      const ts = (await readLines(join(dirA, `${s.name}.ndjson`))).map((e) => e.ts as number);
      for (let i = 1; i < ts.length; i++) expect(ts[i] >= ts[i - 1], `${s.name} line ${i + 1}`).toBe(true);
      expect(ts.length, s.name).toBeGreaterThanOrEqual(30);
      expect(ts.length, s.name).toBeLessThanOrEqual(300);
      const span = (ts[ts.length - 1] - ts[0]) / MIN;
      expect(span, s.name).toBeGreaterThanOrEqual(10);
      expect(span, s.name).toBeLessThanOrEqual(40);
    }
  });

  it('merges every scenario into all.ndjson in ts order, with unique ids', async () => {
    const all = await readLines(join(dirA, 'all.ndjson'));
    let n = 0;
    for (const s of SCENARIOS) n += (await readLines(join(dirA, `${s.name}.ndjson`))).length;
    expect(all.length).toBe(n);
    for (let i = 1; i < all.length; i++) expect(all[i].ts >= all[i - 1].ts).toBe(true);
    expect(new Set(all.map((e) => e.id)).size).toBe(all.length);
  });

  it('gives each scenario its own devices', async () => {
    const owner = new Map<string, string>();
    for (const s of SCENARIOS) {
      for (const e of await readLines(join(dirA, `${s.name}.ndjson`))) {
        expect(e.device.startsWith(`sim-${s.name}-d`), `${s.name}: ${e.device}`).toBe(true);
        const o = owner.get(e.device);
        expect(o === undefined || o === s.name).toBe(true);
        owner.set(e.device, s.name);
      }
    }
  });
});

describe('the scenario library', () => {
  const list = listScenarios();

  it('has at least 11 malicious variants and 8 benign profiles', () => {
    expect(list.filter((s) => s.malicious).length).toBeGreaterThanOrEqual(11);
    expect(PROFILES.length).toBeGreaterThanOrEqual(8);
    expect(new Set(list.map((s) => s.name)).size).toBe(list.length);
  });

  it('names a benign twin for every malicious scenario, both ways, with grounding', () => {
    const byName = new Map(list.map((s) => [s.name, s]));
    for (const s of list.filter((x) => x.malicious)) {
      expect(s.grounding, s.name).toBeTruthy();
      const twin = byName.get(s.twin ?? '');
      expect(twin, `${s.name} twin ${s.twin}`).toBeDefined();
      expect(twin!.malicious).toBe(false);
      expect(twin!.twin).toBe(s.name);
    }
  });

  it('keeps malicious packages out of the inventory, except the clone and the drifting build of an approved app', async () => {
    const policy = parse(await readFile(join(dirA, 'policy.yaml'), 'utf8'));
    const inventory = new Set((policy.apps as { package: string }[]).map((a) => a.package));
    for (const s of SCENARIOS.filter((x) => x.malicious)) {
      expect(inventory.has(s.app), s.name).toBe(s.name === 'repackaged-clone' || s.name === 'approved-drift-exfil');
    }
  });
});

describe('labels.json', () => {
  it('has one label per device of each scenario, each referencing data present in its file', async () => {
    const onDisk = JSON.parse(await readFile(join(dirA, 'labels.json'), 'utf8')) as LabelsFile;
    expect(onDisk).toEqual(labels);
    expect(labels.version).toBe(1);
    expect(labels.seed).toBe(1);
    expect(labels.scenarios.length).toBe(SCENARIOS.reduce((n, s) => n + s.devices, 0));
    expect(labels.scenarios.filter((l) => l.scenario === 'shared-key-fleet').length).toBe(3);
    for (const l of labels.scenarios) {
      const events = await readLines(join(dirA, `${l.scenario}.ndjson`));
      expect(events.some((e) => e.device === l.device && e.app === l.app), `${l.scenario} ${l.device} ${l.app}`).toBe(true);
      expect(l.note).toBeTruthy();
      if (l.malicious) expect(l.twin && l.grounding).toBeTruthy();
    }
  });
});

describe('policy.yaml', () => {
  it('parses with yaml, has version 1 and is accepted by the policy loader', async () => {
    const text = await readFile(join(dirA, 'policy.yaml'), 'utf8');
    const doc = parse(text);
    expect(doc.version).toBe(1);
    const r = parsePolicy(text, 'policy.yaml');
    expect(r.issues).toEqual([]);
    expect(r.value!.allowed_crypto_apps).toEqual(expect.arrayContaining(['org.thoughtcrime.securesms', 'com.wireguard.android', 'com.x8bit.bitwarden', 'com.example.backup']));
  });

  it('pins the genuine signer of the app the clone imitates, not the clone\'s', async () => {
    const doc = parse(await readFile(join(dirA, 'policy.yaml'), 'utf8'));
    const notes = (doc.apps as { package: string; signer: string }[]).find((a) => a.package === 'com.example.notes')!;
    const cloneInfo = (await readLines(join(dirA, 'repackaged-clone.ndjson'))).find((e) => e.type === 'app.info')!;
    const genuineInfo = (await readLines(join(dirA, 'repackaged-clone-twin-genuine.ndjson'))).find((e) => e.type === 'app.info')!;
    expect(cloneInfo.signer).not.toBe(notes.signer);
    expect(genuineInfo.signer).toBe(notes.signer);
  });

  it('approves every benign scenario app with a 64-hex signer', async () => {
    const doc = parse(await readFile(join(dirA, 'policy.yaml'), 'utf8'));
    const apps = new Map((doc.apps as { package: string; approved: boolean; signer: string; label: string }[]).map((a) => [a.package, a]));
    for (const s of SCENARIOS.filter((x) => !x.malicious)) {
      const a = apps.get(s.app);
      expect(a?.approved, s.name).toBe(true);
      expect(a!.signer).toMatch(/^[0-9a-f]{64}$/);
      expect(a!.label).toBeTruthy();
    }
  });
});

describe('selection', () => {
  it('writes a single scenario on request', async () => {
    const dir = join(root, 'one');
    const r = await writeScenarios(dir, { scenario: 'hook-aes-ws-beacon', seed: 1 });
    expect((await readdir(dir)).sort()).toEqual(['hook-aes-ws-beacon.ndjson', 'labels.json', 'policy.yaml']);
    expect(r.labels.scenarios.map((l) => l.scenario)).toEqual(['hook-aes-ws-beacon']);
    expect(await readFile(join(dir, 'hook-aes-ws-beacon.ndjson'), 'utf8')).toBe(await readFile(join(dirA, 'hook-aes-ws-beacon.ndjson'), 'utf8'));
  });

  it('rejects an unknown name, listing the valid ones', async () => {
    await expect(writeScenarios(join(root, 'x'), { scenario: 'nope', seed: 1 })).rejects.toThrow(/unknown scenario 'nope'.*anubis-rc4-b64.*signal-messaging/);
  });
});
