// `ciphertrail report` end to end, as users run it: simulate (seed 1) -> detect -> report, with
// golden files for every output (md, html, json, stix) on scenario alerts; bad input; and the HTML
// in a real Chromium (sections visible, nothing fetched, a screenshot and a PDF that prints).
import { describe, expect, test, beforeAll, afterAll } from 'vitest';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser } from 'playwright-core';
import { launchChromium, needChromium } from './chromium.js';
import { ct, checkAlerts, tmp, ROOT, alertsOf } from './helpers.js';

const SKIP = !needChromium();

const GOLDEN = join(ROOT, 'test/golden/report');
const ARTIFACTS = join(ROOT, 'test/artifacts');
const update = process.env.UPDATE_GOLDEN === '1';
// a bare IP with credentials and SMS; a repackaged clone; a hard-coded key on three devices
const WITH_TELEMETRY = ['ermac-aes-cbc-ip', 'repackaged-clone', 'shared-key-fleet'];
const dir = tmp('ct-report-');
const sim = join(dir, 'sim');

const alertsFile = (s: string) => join(dir, `${s}.alerts.ndjson`);

function compareGolden(name: string, outDir: string): void {
  const golden = join(GOLDEN, name);
  const files = readdirSync(outDir).sort();
  if (update) {
    mkdirSync(golden, { recursive: true });
    for (const f of files) writeFileSync(join(golden, f), readFileSync(join(outDir, f)));
  }
  expect(existsSync(golden), `golden dir ${name} (run with UPDATE_GOLDEN=1)`).toBe(true);
  expect(files).toEqual(readdirSync(golden).sort());
  for (const f of files) expect(readFileSync(join(outDir, f), 'utf8'), `${name}/${f}`).toBe(readFileSync(join(golden, f), 'utf8'));
}

beforeAll(() => {
  const r = ct(['simulate', '--out-dir', sim, '--scenario', 'all', '--seed', '1']);
  expect(r.status, r.stderr).toBe(0);
  for (const s of [...WITH_TELEMETRY, 'lightspy-aes-ecb-staged', 'blind-sensor-exfil']) {
    const d = ct(['detect', join(sim, `${s}.ndjson`), '--policy', join(sim, 'policy.yaml')]);
    expect(d.status, d.stderr).toBe(0);
    writeFileSync(alertsFile(s), d.stdout);
    expect(checkAlerts(alertsFile(s)).status).toBe(0);
  }
});

describe('ciphertrail report', () => {
  test.each(WITH_TELEMETRY)('%s: md, html, json and stix match the golden files (telemetry joined)', (s) => {
    const out = join(dir, `out-${s}`);
    const r = ct(['report', alertsFile(s), '--telemetry', join(sim, `${s}.ndjson`), '--format', 'md,html,json', '--out-dir', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const ids = alertsOf(readFileSync(alertsFile(s), 'utf8')).map((a) => a.id as string);
    expect(r.stdout.trim().split('\n')).toHaveLength(ids.length * 4);
    for (const id of ids) for (const ext of ['md', 'html', 'json', 'stix.json']) expect(existsSync(join(out, `${id}.${ext}`))).toBe(true);
    compareGolden(s, out);
    // every evidence ref was joined to its telemetry line, and the timeline links to it
    for (const id of ids) {
      const rep = JSON.parse(readFileSync(join(out, `${id}.json`), 'utf8'));
      expect(rep.timeline_from_telemetry).toBe(true);
      expect(rep.evidence.unresolved).toEqual([]);
      expect(rep.timeline.flatMap((t: { sources: { file: string }[] }) => t.sources.map((x) => x.file))).toContain(`${s}.ndjson`);
      expect(rep.timeline.every((t: { ts: number | null }) => t.ts !== null)).toBe(true);
      // at a glance: collection, encryption and sending, each from its first evidence
      expect(rep.overview.map((o: { phase: string }) => o.phase)).toEqual(expect.arrayContaining(['collect', 'encrypt', 'send']));
    }
  });

  test('without telemetry: the chain from the facets, and the unknowns say so (golden)', () => {
    const out = join(dir, 'out-lightspy');
    const r = ct(['report', alertsFile('lightspy-aes-ecb-staged'), '--format', 'md,json', '--out-dir', out]);
    expect(r.status, r.stderr).toBe(0);
    compareGolden('lightspy-aes-ecb-staged-no-telemetry', out);
    const json = readdirSync(out).find((f) => f.endsWith('.json') && !f.endsWith('.stix.json'))!;
    const rep = JSON.parse(readFileSync(join(out, json), 'utf8'));
    expect(rep.timeline_from_telemetry).toBe(false);
    expect(rep.overview).toEqual([]);
    expect(rep.exposure.unknowns.join(' ')).toMatch(/run with --telemetry/);
    expect(rep.exposure.staged_paths.length).toBeGreaterThan(0);
  });

  test('a blind sensor: the inferred crypto has its row, with what it rests on, and stays a gap', () => {
    const out = join(dir, 'out-blind');
    const r = ct(['report', alertsFile('blind-sensor-exfil'), '--format', 'md,html,json', '--out-dir', out]);
    expect(r.status, r.stderr).toBe(0);
    const ids = alertsOf(readFileSync(alertsFile('blind-sensor-exfil'), 'utf8')).map((a) => a.id as string);
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) {
      const rep = JSON.parse(readFileSync(join(out, `${id}.json`), 'utf8'));
      const crypto = rep.facets.find((f: { name: string }) => f.name === 'crypto');
      expect(crypto).toMatchObject({ inferred: true });
      expect(crypto.why).toMatch(/^inferred, not seen/);
      expect(rep.missing).toContain('crypto');
      // fired facets carry no inferred mark
      expect(rep.facets.filter((f: { inferred?: boolean }) => f.inferred).map((f: { name: string }) => f.name)).toEqual(['crypto']);
      const md = readFileSync(join(out, `${id}.md`), 'utf8');
      expect(md).toMatch(/^\| crypto \(inferred\) \| 0\.4 \| inferred, not seen/m);
      expect(md).toMatch(/^\| crypto \| – \| not visible in the telemetry \(inferred above\) \|$/m);
      expect(readFileSync(join(out, `${id}.html`), 'utf8')).toContain('crypto <em>(inferred)</em>');
    }
  });

  test('same input, byte-identical output (no wall clock, no random ids)', () => {
    const a = join(dir, 'det-a');
    const b = join(dir, 'det-b');
    for (const o of [a, b]) expect(ct(['report', alertsFile('shared-key-fleet'), '--format', 'md,html,json', '--out-dir', o]).status).toBe(0);
    for (const f of readdirSync(a)) expect(readFileSync(join(b, f), 'utf8')).toBe(readFileSync(join(a, f), 'utf8'));
  });

  test('--id picks one alert; an unknown id exits 2 with a clear message', () => {
    const [first] = alertsOf(readFileSync(alertsFile('shared-key-fleet'), 'utf8'));
    const out = join(dir, 'one');
    const r = ct(['report', alertsFile('shared-key-fleet'), '--id', first.id as string, '--format', 'json', '--out-dir', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(readdirSync(out).sort()).toEqual([`${first.id}.json`, `${first.id}.stix.json`]);
    const bad = ct(['report', alertsFile('shared-key-fleet'), '--id', 'an1731-nope', '--out-dir', join(dir, 'none')]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^ciphertrail: no alert with id 'an1731-nope' in .*shared-key-fleet\.alerts\.ndjson \(3 valid alert\(s\) read\)/);
  });

  test('bad alert lines are named file:line:field and the other alerts are still reported', () => {
    const good = readFileSync(alertsFile('ermac-aes-cbc-ip'), 'utf8').trim();
    const a = JSON.parse(good);
    const file = join(dir, 'mixed.ndjson');
    writeFileSync(file, ['{"kind":"alert",', JSON.stringify({ ...a, id: 'an1731-bad', confidence: 3 }), good, JSON.stringify({ ...a, id: 'an1731-bad2', exposure: { ...a.exposure, destinations: 'x' } })].join('\n') + '\n');
    const out = join(dir, 'mixed-out');
    const r = ct(['report', file, '--format', 'md', '--out-dir', out]);
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stderr.trim().split('\n');
    expect(lines[0]).toBe(`${file}:1: not_json: not valid JSON: ${lines[0].split('not valid JSON: ')[1]}`);
    expect(lines[1]).toBe(`${file}:2: invalid_alert [confidence]: \`confidence\` must be a number within 0..1`);
    expect(lines[2]).toBe(`${file}:4: invalid_alert [exposure.destinations]: \`destinations\` must be an array of strings`);
    expect(readdirSync(out).sort()).toEqual([`${a.id}.md`, `${a.id}.stix.json`]);
    // only bad lines: exit 2
    const worse = join(dir, 'worse.ndjson');
    writeFileSync(worse, 'nope\n');
    const w = ct(['report', worse, '--out-dir', join(dir, 'worse-out')]);
    expect(w.status).toBe(2);
    expect(w.stderr).toMatch(/worse\.ndjson:1: not_json/);
    expect(w.stderr).toMatch(/ciphertrail: no valid alert in .*worse\.ndjson: 1 bad line\(s\)/);
  });

  test('bad telemetry lines are named and do not stop the join; stdin works; usage errors exit 2', () => {
    const tele = join(dir, 'tele.ndjson');
    writeFileSync(tele, '{"ts":1,"device":"d","type":"net.send"}\n' + readFileSync(join(sim, 'ermac-aes-cbc-ip.ndjson'), 'utf8'));
    const r = ct(['report', '-', '--telemetry', tele, '--format', 'json', '--out-dir', join(dir, 'stdin-out')], readFileSync(alertsFile('ermac-aes-cbc-ip'), 'utf8'));
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/tele\.ndjson:1: \S+ \[/);
    const rep = JSON.parse(readFileSync(r.stdout.split('\n')[0], 'utf8'));
    expect(rep.evidence.unresolved).toEqual([]);
    expect(ct(['report', '--help']).status).toBe(0);
    expect(ct(['report', '--help']).stdout).toMatch(/Usage: ciphertrail report ALERTS/);
    const f = ct(['report', alertsFile('ermac-aes-cbc-ip'), '--format', 'pdf', '--out-dir', dir]);
    expect(f.status).toBe(2);
    expect(f.stderr).toMatch(/^ciphertrail: report: --format: 'pdf' is not one of md, html, json, stix/);
    expect(ct(['report', alertsFile('ermac-aes-cbc-ip')]).stderr).toMatch(/^ciphertrail: report: give --out-dir DIR/);
  });
});

describe.skipIf(SKIP)('the HTML report in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => { await browser?.close(); });

  test('sections visible, links resolve, nothing fetched; screenshot and a PDF that prints', async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const out = join(dir, 'html');
    const r = ct(['report', alertsFile('repackaged-clone'), '--telemetry', join(sim, 'repackaged-clone.ndjson'), '--format', 'html', '--out-dir', out]);
    expect(r.status, r.stderr).toBe(0);
    const html = r.stdout.split('\n').find((l) => l.endsWith('.html'))!;
    const page = await browser.newPage({ viewport: { width: 1200, height: 1250 } });
    const requests: string[] = [];
    const errors: string[] = [];
    page.on('request', (q) => requests.push(q.url()));
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`file://${html}`);
    for (const id of ['summary', 'timeline', 'exposure', 'playbook', 'indicators', 'evidence']) {
      expect(await page.locator(`#${id}`).isVisible(), id).toBe(true);
      expect(await page.locator(`#${id} h2`).isVisible(), `${id} heading`).toBe(true);
    }
    expect(await page.locator('#severity').textContent()).toBe('critical');
    expect(await page.locator('#playbook tbody tr').count()).toBeGreaterThan(10);
    // the stylesheet applied (inline), the severity badge is red
    expect(await page.locator('#severity').evaluate((e) => getComputedStyle(e).backgroundColor)).toBe('rgb(179, 38, 30)');
    // every timeline link lands on an evidence item
    const hrefs = await page.locator('#timeline a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(hrefs.length).toBeGreaterThan(10);
    for (const h of hrefs.slice(0, 20)) expect(await page.locator(h!).count(), h!).toBe(1);
    expect(requests).toEqual([`file://${html}`]);
    expect(errors).toEqual([]);
    // the top of the page first (an element screenshot scrolls)
    await page.screenshot({ path: join(ARTIFACTS, 'report-html.png'), fullPage: false });
    if (update) await page.screenshot({ path: join(ROOT, 'docs/report-html.png'), fullPage: false });
    await page.locator('#playbook').screenshot({ path: join(ARTIFACTS, 'report-playbook.png') });
    if (update) await page.locator('#playbook').screenshot({ path: join(ROOT, 'docs/report-playbook.png') });
    // print: the playbook starts a new page, and the PDF has several pages
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('#playbook').evaluate((e) => getComputedStyle(e).breakBefore)).toBe('page');
    const pdf = await page.pdf({ path: join(ARTIFACTS, 'report.pdf'), format: 'A4', printBackground: true });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect((pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length).toBeGreaterThan(2);
    await page.close();
  });

  test('a hostile package name and destination stay inert text in the browser', async () => {
    const [a] = alertsOf(readFileSync(alertsFile('ermac-aes-cbc-ip'), 'utf8'));
    const hostileApp = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">';
    const hostileHost = 'evil.top"><script>window.__pwned=3</script>';
    const file = join(dir, 'hostile.ndjson');
    writeFileSync(file, JSON.stringify({ ...a, app: hostileApp, exposure: { ...(a.exposure as object), destinations: [`${hostileHost}:443`] } }) + '\n');
    const out = join(dir, 'hostile-out');
    const r = ct(['report', file, '--format', 'html', '--out-dir', out]);
    expect(r.status, r.stderr).toBe(0);
    const page = await browser.newPage();
    const requests: string[] = [];
    page.on('request', (q) => requests.push(q.url()));
    await page.goto(`file://${r.stdout.split('\n').find((l) => l.endsWith('.html'))}`);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('script').count()).toBe(0);
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('h1').textContent()).toContain(hostileApp);
    expect(await page.locator('#indicators').textContent()).toContain('evil.top"><script>');
    expect(requests).toHaveLength(1);
    await page.close();
  });
});
