// The monkey opened another app: a run whose records name another package, not the sample, is a
// visibility gap for the sample (adapter issue, app.info sandbox_gap, coverage finding), never
// the other app's behaviour under the sample's name. Its twins: the real runs, where the sample ran.
import { describe, expect, it } from 'vitest';
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { foreignRun } from './sample-ran.js';
import { cuckoodroidAdapter } from '../cuckoodroid/index.js';
import { andropytoolAdapter } from '../andropytool/index.js';
import { droidboxAdapter } from '../droidbox/index.js';
import { REAL_DATA_DIR } from './real-data.test-util.js';
import { runCoverage } from '../../app/coverage.js';
import { readAdapted } from '../../ingest/read-adapted.js';
import { DEFAULT_POLICY } from '../../model/policy.js';

const fixture = (rel: string) => fileURLToPath(new URL(rel, import.meta.url));

async function tmpJson(name: string, doc: unknown): Promise<string> {
  const p = join(await mkdtemp(join(tmpdir(), 'not-run-')), name);
  await writeFile(p, JSON.stringify(doc));
  return p;
}

/** the AndroPyTool fixture, with every path and component of the run moved to the browser */
async function browserRun(): Promise<string> {
  const text = (await readFile(fixture('../andropytool/fixtures/d41d8cd98f00b204e9800998ecf8427e-analysis.json'), 'utf8'));
  const doc = JSON.parse(text);
  doc.Dynamic_analysis.Droidbox = JSON.parse(JSON.stringify(doc.Dynamic_analysis.Droidbox).replace(/com\.example\.tracker/g, 'com.android.browser'));
  return tmpJson('d41d8cd98f00b204e9800998ecf8427e-analysis.json', doc);
}

describe('foreignRun', () => {
  it('judges only when enough records name a package, and only when another one dominates', () => {
    const other = (n: number) => Array.from({ length: n }, (_, i) => `{"path":"/data/data/com.android.browser/cache/${i}"}`);
    expect(foreignRun('com.x', other(5))).toMatchObject({ other: 'com.android.browser', sample: 0, others: 5, attributable: 5 });
    expect(foreignRun('com.x', other(2))).toBeUndefined();
    expect(foreignRun('com.x', [...other(5), '{"this":"com.x.Main@1"}', '/data/data/com.x/files/a'])).toBeUndefined(); // 2 of 7: it ran
    expect(foreignRun('com.x', ['/data/data/com.a/f', '/data/data/com.b/f', '/data/data/com.c/f'])).toBeUndefined(); // no one app dominates
    expect(foreignRun('com.x', ['{"class":"java.io.File"}', '{"args":["/system/lib"]}'])).toBeUndefined();
  });
});

describe('the sample never ran', () => {
  it('AndroPyTool: the browser\'s run under the sample\'s analysis is a gap for the sample, not the sample\'s events', async () => {
    const p = await browserRun();
    const out = await andropytoolAdapter.convert(p, { file: p });
    expect(out.events).toEqual([expect.objectContaining({ type: 'app.info', app: 'com.example.tracker', sandbox_gap: 'sample_not_run', ran_instead: 'com.android.browser' })]);
    expect(out.issues).toEqual([expect.objectContaining({ code: 'sample_not_run' })]);
    expect(out.issues[0].message).toMatch(/com\.example\.tracker shows in 0 of the \d+ records .*com\.android\.browser/);
  });

  it('CuckooDroid module report: apkinfo names the sample, the records show another app', async () => {
    const doc = JSON.parse(await readFile(fixture('../cuckoodroid/fixtures/cuckoo2-droidmon-module.json'), 'utf8'));
    doc.apkinfo = { manifest: { package: 'com.example.sample', permissions: ['android.permission.INTERNET'] } };
    const p = await tmpJson('report.json', doc);
    const out = await cuckoodroidAdapter.convert(p, { file: p });
    expect(out.events).toEqual([expect.objectContaining({ type: 'app.info', app: 'com.example.sample', sandbox_gap: 'sample_not_run', ran_instead: 'com.example.weather', permissions: ['android.permission.INTERNET'] })]);
    expect(out.issues.map((i) => i.code)).toContain('sample_not_run');
  });

  it('coverage says the sample never ran and lists its facets as blind', async () => {
    const p = await browserRun();
    const { report } = await runCoverage({
      files: [p], policy: DEFAULT_POLICY, log: () => {},
      source: (onReject, counters) => readAdapted([p], { format: 'auto', onIssue: () => {} }, onReject, counters),
    });
    const app = report.devices[0].apps[0];
    expect(app).toMatchObject({ app: 'com.example.tracker', sample_not_run: true });
    expect(app.unseen_facets).toEqual(['crypto', 'key_reuse', 'staging', 'background', 'network', 'inconsistency']);
    expect(report.summary.findings.join('\n')).toMatch(/1 sandbox run\(s\) never ran their sample .*com\.example\.tracker on droidbox-abababababab; nothing about these samples is visible/);
  });
});

describe.skipIf(!REAL_DATA_DIR)(REAL_DATA_DIR ? 'real data: every real run ran its sample' : 'real data: sample ran: SKIPPED', () => {
  it('no CuckooDroid report and no DroidBox run is taken for another app (WatchESPN writes one gallery3d file)', async () => {
    const rd = REAL_DATA_DIR!;
    for (const d of await readdir(join(rd, 'cuckoodroid'))) {
      const p = join(rd, 'cuckoodroid', d, 'report.json');
      const out = await cuckoodroidAdapter.convert(p, { file: p }).catch(() => undefined);
      if (out) expect(out.issues.map((i) => i.code), d).not.toContain('sample_not_run');
    }
    for (const f of await readdir(join(rd, 'droidbox-mayuwan'))) {
      const p = join(rd, 'droidbox-mayuwan', f);
      const out = await droidboxAdapter.convert(p, { file: p });
      expect(out.issues.map((i) => i.code), f).not.toContain('sample_not_run');
      expect(out.events.length, f).toBeGreaterThan(1);
    }
  });
});
