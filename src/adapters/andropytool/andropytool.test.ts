// AndroPyTool's <name>-analysis.json and the raw DroidBox logcat. The fixtures are one run written
// from the formats' sources (AndroPyTool APT_6_feat_extraction.py, DroidBox droidbox.py): the
// same records as logcat lines and as the JSON droidbox.py builds from them. The real-data cases
// put the real DroidBox outputs of ../shared/realdata into both shapes.
import { describe, expect, it } from 'vitest';
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import { andropytoolAdapter, droidboxLogcatAdapter } from './index.js';
import { droidboxAdapter } from '../droidbox/index.js';
import { tagsOf } from './droidbox-logcat.js';
import { runReaderContract, invalidEvents } from '../shared/reader-contract.test-util.js';
import { REAL_DATA_DIR } from '../shared/real-data.test-util.js';
import type { AdapterOutput } from '../adapter.js';

const fixture = (n: string) => fileURLToPath(new URL(`./fixtures/${n}`, import.meta.url));
const ANALYSIS = fixture('d41d8cd98f00b204e9800998ecf8427e-analysis.json');
const LOGCAT = fixture('droidbox-logcat.txt');
const fp = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 32);

runReaderContract(andropytoolAdapter, { valid: ANALYSIS });
runReaderContract(droidboxLogcatAdapter, { valid: LOGCAT });

/** what an event says, without where it came from (src, id, device) or when */
const gist = (o: AdapterOutput) => o.events.map(({ ts: _t, src: _s, id: _i, device: _d, ...rest }) => JSON.stringify(rest)).sort();

async function tmpFile(name: string, text: string): Promise<string> {
  const p = join(await mkdtemp(join(tmpdir(), 'andropytool-')), name);
  await writeFile(p, text);
  return p;
}

describe('AndroPyTool analysis JSON and DroidBox logcat', () => {
  it('the two shapes of one run give the same events; the package comes from Static_analysis / the first Start proc', async () => {
    const a = await andropytoolAdapter.convert(ANALYSIS, { file: ANALYSIS });
    const l = await droidboxLogcatAdapter.convert(LOGCAT, { file: LOGCAT });
    expect(invalidEvents(a.events)).toEqual([]);
    expect(invalidEvents(l.events)).toEqual([]);
    expect(gist(l)).toEqual(gist(a));
    expect(a.events.every((e) => e.app === 'com.example.tracker' && e.src === 'andropytool' && e.device === 'droidbox-abababababab')).toBe(true);
    expect(l.events.every((e) => e.app === 'com.example.tracker' && e.src === 'droidbox')).toBe(true);
    const ev = (t: string) => l.events.filter((e) => e.type === t);
    expect(ev('crypto.key')).toEqual([expect.objectContaining({ key_fp: fp('k3y-for-tests-01'), alg: 'AES' })]);
    expect(ev('crypto.op').map((o) => [o.dir, o.in_bytes, o.out_bytes])).toEqual([['encrypt', 15, 16], ['encrypt', 15, 16], ['encrypt', 12, 16]]);
    expect(ev('file.write').map((w) => [w.path, w.bytes])).toEqual([['/data/data/com.example.tracker/files/q.bin', 15], ['/data/data/com.example.tracker/files/q.bin', 64]]);
    expect(ev('net.send').map((s) => s.dst_ip)).toEqual(['203.0.113.9', '198.51.100.4']);
    expect(ev('data.access').map((d) => d.category)).toEqual(['device_info', 'device_info']);
  });

  it('takes logcat time from the time prefix, skips ordinary lines, reports the cut record with its line', async () => {
    const l = await droidboxLogcatAdapter.convert(LOGCAT, { file: LOGCAT });
    const key = l.events.find((e) => e.type === 'crypto.key')!, op = l.events.find((e) => e.type === 'crypto.op')!;
    expect((op.ts as number) - (key.ts as number)).toBe(50);
    expect(l.issues.map((i) => [i.code, i.line])).toEqual([['bad_json', 16]]);
    expect(l.notes.join('\n')).toMatch(/12 DroidBox record\(s\) rebuilt .*; 4 other logcat line\(s\) skipped/);
    const untimed = await tmpFile('logcat.txt', (await readFile(LOGCAT, 'utf8')).replace(/^01-20 \S+ /gm, ''));
    const u = await droidboxLogcatAdapter.convert(untimed, { file: untimed });
    expect(gist(u)).toEqual(gist(l));
    expect(u.notes.join('\n')).toMatch(/no logcat time prefix: one DroidBox record every 100 ms/);
  });

  it('decodes TaintDroid tag bits as DroidBox names them', () => {
    expect(tagsOf('0x600')).toEqual(['TAINT_SMS', 'TAINT_IMEI']);
    expect(tagsOf('zz')).toEqual([]);
  });

  it('an analysis without a DroidBox run says so', async () => {
    const doc = JSON.parse(await readFile(ANALYSIS, 'utf8'));
    doc.Dynamic_analysis = { Droidbox: '/opt/AndroPyTool/samples/Dynamic/Droidbox/x.json' };
    const p = await tmpFile('x-analysis.json', JSON.stringify(doc));
    const out = await andropytoolAdapter.convert(p, { file: p });
    expect(out.events).toEqual([]);
    expect(out.issues).toEqual([expect.objectContaining({ code: 'no_dynamic', field: 'Dynamic_analysis.Droidbox' })]);
  });

  it('no adapter but its own claims each shape', async () => {
    const { ADAPTERS } = await import('../registry.js');
    for (const [f, owner] of [[ANALYSIS, 'andropytool'], [LOGCAT, 'droidbox-logcat']]) {
      const head = (await readFile(f)).subarray(0, 64 * 1024);
      expect(ADAPTERS.filter((a) => a.sniff(head, f)).map((a) => a.name), f).toEqual([owner]);
    }
  });
});

/** DroidBox's JSON back into the logcat lines it was built from (FdAccess ids made up per path) */
function logcatOf(doc: Record<string, Record<string, Record<string, unknown>>>): string {
  const lines: [number, string][] = [];
  const ids = new Map<string, string>();
  const put = (s: string, rec: unknown) => {
    const t = 1_000_000 + Math.round(Number(s) * 1000);
    const d = new Date(Date.UTC(2001, 0, 1) + t);
    const p = (n: number, w = 2) => String(n).padStart(w, '0');
    lines.push([t, `${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${p(d.getUTCMilliseconds(), 3)} W/DroidBox(  999): DroidBox: ${JSON.stringify(rec)}`]);
  };
  const strip = ({ type: _t, ...r }: Record<string, unknown>) => r;
  for (const [s, v] of Object.entries(doc.cryptousage ?? {})) put(s, { CryptoUsage: strip(v) });
  for (const [s, v] of Object.entries(doc.opennet ?? {})) put(s, { OpenNet: v });
  for (const [s, v] of Object.entries(doc.sendnet ?? {})) put(s, { SendNet: strip(v) });
  for (const [s, v] of Object.entries(doc.servicestart ?? {})) put(s, { ServiceStart: strip(v) });
  for (const [s, v] of Object.entries(doc.fdaccess ?? {}).sort((a, b) => Number(a[0]) - Number(b[0]))) {
    const path = String(v.path);
    if (!ids.has(path)) { ids.set(path, String(ids.size + 1)); put(String(Number(s) - 0.0005), { FdAccess: { path: Buffer.from(path).toString('hex'), id: ids.get(path) } }); }
    const { path: _p, ...rw } = strip(v);
    put(s, { FileRW: { ...rw, id: ids.get(path) } });
  }
  return lines.sort((a, b) => a[0] - b[0]).map((l) => l[1]).join('\n') + '\n';
}

describe.skipIf(!REAL_DATA_DIR)(REAL_DATA_DIR ? 'real data: the three DroidBox runs as AndroPyTool analyses and as logcat' : 'real data: DroidBox as AndroPyTool/logcat: SKIPPED, ../shared/realdata not on this machine', () => {
  it('wrapped in AndroPyTool\'s analysis and replayed as logcat, each real run gives what the DroidBox JSON gives', async () => {
    const dir = join(REAL_DATA_DIR!, 'droidbox-mayuwan');
    const files = (await readdir(dir)).filter((f) => f.endsWith('.json'));
    expect(files).toHaveLength(3);
    for (const f of files) {
      const real = join(dir, f);
      const doc = JSON.parse(await readFile(real, 'utf8'));
      const pkg = f.replace(/-\d+\.apk\.json$/, '');
      const direct = await droidboxAdapter.convert(real, { file: real });
      const wrapped = await tmpFile(`${pkg}-analysis.json`, JSON.stringify({ Pre_static_analysis: { Filename: f }, Static_analysis: { 'Package name': pkg }, Dynamic_analysis: { Droidbox: doc }, VirusTotal: {} }));
      const viaAnalysis = await andropytoolAdapter.convert(wrapped, { file: wrapped });
      expect(gist(viaAnalysis), f).toEqual(gist(direct));
      expect(viaAnalysis.events.map((e) => e.device)).toEqual(direct.events.map((e) => e.device));
      const log = await tmpFile(`${pkg}.logcat`, logcatOf(doc));
      const viaLogcat = await droidboxLogcatAdapter.convert(log, { file: log, app: pkg });
      expect(invalidEvents(viaLogcat.events)).toEqual([]);
      expect(gist(viaLogcat), f).toEqual(gist(direct));
    }
  });
});
