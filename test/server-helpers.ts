// Shared by the server tests: a real server on a random localhost port over a real SQLite file.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, type StartOptions } from '../src/server/start.js';
import { createToken } from '../src/store/tokens.js';
import { writeScenarios } from '../src/simulate/index.js';
import { CLI, tmp } from './helpers.js';

export interface Fixture {
  dir: string;
  db: string;
  url: string;
  tokens: { ingest: string; read: string; admin: string };
  close(): Promise<void>;
}

export async function startFixture(o: Partial<StartOptions> = {}): Promise<Fixture> {
  const dir = tmp('ct-srv-');
  const db = join(dir, 'ct.db');
  const tokens = {
    ingest: createToken(db, ['ingest'], 'sensor'),
    read: createToken(db, ['read'], 'viewer'),
    admin: createToken(db, ['admin'], 'alice'),
  };
  const s = await startServer({ port: 0, db, idleFlushMs: 100, log: () => undefined, ...o });
  return { dir, db, url: s.url, tokens, close: () => s.close() };
}

let scenarios: Promise<string> | undefined;
/** the scenario library (seed 1), written once per test file */
export function scenarioDir(): Promise<string> {
  scenarios ??= (async () => { const d = tmp('ct-srv-scen-'); await writeScenarios(d, { scenario: 'all', seed: 1 }); return d; })();
  return scenarios;
}

export async function scenarioText(name: string): Promise<string> {
  return readFileSync(join(await scenarioDir(), `${name}.ndjson`), 'utf8');
}

export function api(url: string, token?: string) {
  const call = async (method: string, path: string, body?: string | Uint8Array, headers: Record<string, string> = {}) => {
    const res = await fetch(url + path, {
      method, ...(body !== undefined ? { body } : {}),
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    });
    const text = await res.text();
    let json: any;
    try { json = JSON.parse(text); } catch { json = undefined; }
    return { status: res.status, headers: res.headers, text, json };
  };
  return {
    get: (p: string, h?: Record<string, string>) => call('GET', p, undefined, h),
    post: (p: string, body: string | Uint8Array, h?: Record<string, string>) => call('POST', p, body, h),
    put: (p: string, body: string, h?: Record<string, string>) => call('PUT', p, body, h),
  };
}

export async function waitFor<T>(what: string, f: () => Promise<T | undefined | false>, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** `ciphertrail serve` as a child process (dist build); resolves once its URL is printed */
export async function spawnServe(args: string[]): Promise<{ child: ChildProcess; url: string; stderr: () => string }> {
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--idle-flush', '100ms', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (d) => { err += d; });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /^(http:\/\/\S+)\n/m.exec(out);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${err}`)));
  });
  return { child, url, stderr: () => err };
}

export function exited(child: ChildProcess): Promise<number | null> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve(child.exitCode) : new Promise((r) => child.once('exit', (c) => r(c)));
}

/** the secret part of `ct_<id>_<secret>` (the base64url secret may itself hold `_`) */
export function secretOf(token: string): string {
  return token.slice('ct_'.length + 8 + 1);
}
