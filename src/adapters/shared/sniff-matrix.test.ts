// Each input is claimed by its own adapter and by no other (the `--from auto` order does not matter).
import { describe, expect, it } from 'vitest';
import { readFile, readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { cuckoodroidAdapter } from '../cuckoodroid/index.js';
import { droidmonAdapter } from '../droidmon/index.js';
import { droidboxAdapter } from '../droidbox/index.js';
import { mobsfAdapter } from '../mobsf/index.js';
import { amapiAdapter } from '../amapi/index.js';
import { dpcLogsAdapter } from '../dpc-logs/index.js';
import { telemetryAdapter } from '../telemetry/index.js';
import { andropytoolAdapter, droidboxLogcatAdapter } from '../andropytool/index.js';
import { realDataPath } from './real-data.test-util.js';

const ADAPTERS = [cuckoodroidAdapter, droidmonAdapter, droidboxAdapter, mobsfAdapter, amapiAdapter, dpcLogsAdapter, telemetryAdapter, andropytoolAdapter, droidboxLogcatAdapter];
const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

async function inputs(): Promise<[string, string | undefined][]> {
  const out: [string, string | undefined][] = [
    [here('../droidmon/fixtures/valid-crypto.log'), 'droidmon'],
    [here('../droidmon/fixtures/invalid-mixed.log'), 'droidmon'],
    [here('../mobsf/fixtures/valid-api-monitor.txt'), 'mobsf'],
    [here('../mobsf/fixtures/valid-logcat.txt'), 'mobsf'],
    [here('../mobsf/fixtures/invalid-broken.txt'), 'mobsf'],
    [here('../amapi/fixtures/usage-logs.ndjson'), 'amapi'],
    [here('../amapi/fixtures/batch-decoded.json'), 'amapi'],
    [here('../dpc-logs/fixtures/export.ndjson'), 'dpc-logs'],
    [here('../telemetry/fixtures/sensor.ndjson'), 'telemetry'],
    [here('../ocsf/fixtures/valid-network.ocsf.ndjson'), undefined],
    [here('../cuckoodroid/fixtures/cuckoo2-droidmon-module.json'), 'cuckoodroid'],
    [here('../andropytool/fixtures/d41d8cd98f00b204e9800998ecf8427e-analysis.json'), 'andropytool'],
    [here('../andropytool/fixtures/droidbox-logcat.txt'), 'droidbox-logcat'],
  ];
  const rd = realDataPath('.');
  if (!rd) return out;
  for (const d of await readdir(join(rd, 'cuckoodroid'))) {
    for (const f of await readdir(join(rd, 'cuckoodroid', d))) out.push([join(rd, 'cuckoodroid', d, f), f === 'report.json' ? 'cuckoodroid' : undefined]);
  }
  for (const f of await readdir(join(rd, 'droidbox-mayuwan'))) out.push([join(rd, 'droidbox-mayuwan', f), 'droidbox']);
  for (const f of await readdir(join(rd, 'droidmon-raw'))) out.push([join(rd, 'droidmon-raw', f), 'droidmon']);
  for (const f of await readdir(join(rd, 'android-rat-mischief-csv'))) out.push([join(rd, 'android-rat-mischief-csv', f), undefined]);
  for (const f of await readdir(join(rd, 'mitre-cti'))) out.push([join(rd, 'mitre-cti', f), undefined]);
  return out;
}

describe('sniff matrix', () => {
  it('each file is claimed by exactly its own adapter (task.json, pcaps, CSVs and STIX by none)', async () => {
    const wrong: string[] = [];
    for (const [file, owner] of await inputs()) {
      const head = (await readFile(file)).subarray(0, 64 * 1024);
      const claimed = ADAPTERS.filter((a) => a.sniff(head, file)).map((a) => a.name);
      if (claimed.join() !== (owner ?? '')) wrong.push(`${file}: claimed by [${claimed.join(', ')}], want [${owner ?? ''}]`);
    }
    expect(wrong).toEqual([]);
  });
});
