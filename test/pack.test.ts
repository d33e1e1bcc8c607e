// The package as users get it: `npm pack`, then `npm install` of that tarball into an empty folder
// (dependencies from the npm registry, or its local cache), then the installed CLI alone:
// --version, detect on a bundled sample, serve (healthz, the OpenAPI document with its schemas,
// the dashboard). Slow (the native SQLite module compiles): one run of a few minutes.
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT, tmp, alertsOf } from './helpers.js';
import { exited } from './server-helpers.js';
import { schemaErrors } from './schema-helpers.js';
import { VERSION } from '../src/version.js';

const run = promisify(execFile);
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string; engines: { node: string }; files: string[] };

let dir: string, tarball: string, app: string, bin: string, installLog: string;
beforeAll(async () => {
  dir = tmp('ct-pack-');
  // --ignore-scripts: npm test has built dist/ and the agent already (prepack would rebuild dist/
  // under the other test files running from it)
  for (const f of ['dist/cli/main.js', 'sensor/frida/dist/agent.js']) {
    if (!existsSync(join(ROOT, f))) throw new Error(`${f} is missing: npm run build && npm run sensor:build (npm test does both)`);
  }
  const packed = await run('npm', ['pack', '--ignore-scripts', '--pack-destination', dir], { cwd: ROOT, maxBuffer: 1 << 26, timeout: 600_000 });
  tarball = join(dir, packed.stdout.trim().split('\n').pop()!);
  app = join(dir, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'pack-test', version: '1.0.0', private: true }));
  const inst = await run('npm', ['install', tarball, '--no-audit', '--no-fund', '--prefer-offline'], { cwd: app, maxBuffer: 1 << 26, timeout: 900_000 });
  installLog = inst.stdout + inst.stderr;
  bin = join(app, 'node_modules/.bin/ciphertrail');
}, 1_500_000);
afterAll(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

/** the installed CLI, run from the empty folder: nothing of the repository is on its way */
const cli = (args: string[]) => run(bin, args, { cwd: app, maxBuffer: 1 << 26 });

describe('npm pack, install, run', () => {
  it('the tarball ships what users need and none of the sources or tests', async () => {
    const { stdout } = await run('tar', ['tzf', tarball], { maxBuffer: 1 << 26 });
    const files = stdout.split('\n').filter(Boolean).map((f) => f.replace(/^package\//, ''));
    for (const f of ['LICENSE', 'README.md', 'CHANGELOG.md', 'package.json', 'dist/cli/main.js', 'dist/server/dashboard/index.html',
      'schemas/telemetry-v1.schema.json', 'schemas/alert-v1.schema.json', 'schemas/policy-v1.schema.json', 'api/openapi.json',
      'sensor/frida/dist/agent.js', 'samples/anubis-rc4-b64.ndjson', 'samples/policy.yaml', 'deploy/ciphertrail.service']) {
      expect(files, f).toContain(f);
    }
    expect(files.filter((f) => /^(src|test|bench|scripts)\//.test(f) || /\.test\.js$/.test(f))).toEqual([]);
    expect(readFileSync(join(ROOT, 'LICENSE'), 'utf8')).toMatch(/Apache License\s+Version 2\.0/);
  });

  it('installs from the tarball alone, and the version is the package\'s', async () => {
    expect(existsSync(bin)).toBe(true);
    // the one engine warning an install may show: @nats-io/nuid 3.0.0 declares Node >= 22 (the
    // repository overrides it to 2.0.3; an override in a package does not reach its installs).
    // The NATS test below shows the client running on this Node all the same.
    const warned = [...installLog.matchAll(/EBADENGINE\s+package: '([^']+)'/g)].map((m) => m[1]);
    expect(warned.filter((p) => !p.startsWith('@nats-io/nuid@'))).toEqual([]);
    expect(pkg.version).toBe(VERSION);
    expect((await cli(['--version'])).stdout).toBe(`ciphertrail ${pkg.version}\n`);
    // the CHANGELOG says what this version changed
    expect(readFileSync(join(ROOT, 'CHANGELOG.md'), 'utf8')).toContain(`Version ${pkg.version}`);
  });

  it('detect on the bundled samples: the malicious one alerts, its benign twin stays quiet, alerts conform', async () => {
    const samples = join(app, 'node_modules/ciphertrail/samples');
    const bad = await cli(['detect', join(samples, 'anubis-rc4-b64.ndjson'), '--policy', join(samples, 'policy.yaml')]);
    const alerts = alertsOf(bad.stdout);
    expect(alerts.length).toBe(1);
    expect(alerts[0]).toMatchObject({ app: 'com.flash.tools', severity: 'critical' });
    expect(schemaErrors('alert', alerts[0])).toEqual([]);
    const twin = await cli(['detect', join(samples, 'anubis-twin-foreground-sync.ndjson'), '--policy', join(samples, 'policy.yaml')]);
    expect(twin.stdout).toBe('');
  });

  it('serve from the install: healthz, the OpenAPI document with its schemas, the dashboard; SIGTERM stops it', async () => {
    const child = spawn(bin, ['serve', '--port', '0', '--db', join(app, 'ct.db')], { cwd: app, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const url = await new Promise<string>((res, rej) => {
        child.stdout!.on('data', (d) => { const m = /^(http:\/\/\S+)\n/m.exec(String(d)); if (m) res(m[1]); });
        child.once('exit', (c) => rej(new Error(`serve exited ${c}`)));
      });
      const h = await (await fetch(`${url}/healthz`)).json() as { ok: boolean; version: string };
      expect(h).toMatchObject({ ok: true, version: pkg.version });
      const doc = await (await fetch(`${url}/v1/openapi.json`)).json() as { openapi: string; components: { schemas: Record<string, { $id?: string }> } };
      expect(doc.openapi).toMatch(/^3\.1/);
      expect(doc.components.schemas.Alert.$id).toBe('urn:ciphertrail:schema:alert-v1');
      const page = await fetch(`${url}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toMatch(/<html/i);
    } finally {
      child.kill('SIGTERM');
      expect(await exited(child)).toBe(0);
    }
  });

  it('the NATS client loads on this Node (a server that is not there is a clear error, not a crash)', async () => {
    const r = await cli(['status', '--nats', 'nats://127.0.0.1:1', '--json']).catch((e: { code: number; stderr: string }) => e);
    expect((r as { code: number }).code).not.toBe(0);
    expect((r as { stderr: string }).stderr).toMatch(/ciphertrail: .*(connect|nats|ECONNREFUSED)/i);
    expect((r as { stderr: string }).stderr).not.toMatch(/TypeError|ReferenceError|at .*node_modules/);
    expect(readdirSync(join(app, 'node_modules/ciphertrail/sensor/frida/dist'))).toEqual(['agent.js']);
  });
});
