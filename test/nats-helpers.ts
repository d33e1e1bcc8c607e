// A real nats-server -js on a free localhost port with a temporary store, stopped by its pid;
// ciphertrail commands as real child processes.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer, connect as tcp } from 'node:net';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI } from './helpers.js';
import { need } from './need.js';

export const NATS_BIN = ['/usr/sbin/nats-server', '/usr/bin/nats-server'].find((p) => existsSync(p)) ?? 'nats-server';

/** whether this run has a nats-server: false (skipped, or a failure under CI) when it is missing */
export const needNats = (): boolean =>
  need(`nats-server (${NATS_BIN})`, spawnSync(NATS_BIN, ['--version']).status === 0, 'sh scripts/ensure-nats.sh installs it; npm test runs it');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => { const p = (s.address() as { port: number }).port; s.close(() => resolve(p)); });
  });
}

async function waitPort(port: number, ms: number): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    const ok = await new Promise<boolean>((r) => { const c = tcp(port, '127.0.0.1', () => { c.destroy(); r(true); }); c.once('error', () => r(false)); });
    if (ok) return;
    if (Date.now() > until) throw new Error(`nats-server did not listen on ${port}`);
    await sleep(50);
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class NatsServer {
  proc!: ChildProcess;
  readonly store = mkdtempSync(join(tmpdir(), 'ct-nats-'));
  constructor(readonly port: number, private readonly config?: string) {}
  get url(): string { return `nats://127.0.0.1:${this.port}`; }
  /** `config`: nats-server configuration text (e.g. `max_payload: 262144`) */
  static async start(config?: string): Promise<NatsServer> { const s = new NatsServer(await freePort(), config); await s.launch(); return s; }
  async launch(): Promise<void> {
    const conf = join(this.store, 'server.conf');
    if (this.config) writeFileSync(conf, this.config);
    this.proc = spawn(NATS_BIN, ['-js', '-a', '127.0.0.1', '-p', String(this.port), '-sd', this.store, ...(this.config ? ['-c', conf] : [])], { stdio: 'ignore' });
    await waitPort(this.port, 10_000);
  }
  /** stops by pid and waits for the exit */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const p = this.proc;
    if (p.exitCode !== null || p.signalCode !== null) return;
    const exited = new Promise((r) => p.once('exit', r));
    process.kill(p.pid!, signal);
    await exited;
  }
  async restart(): Promise<void> { await this.stop(); await this.launch(); }
}

export interface Proc { child: ChildProcess; out: string[]; err: string[]; exit: Promise<number | null> }

/** a ciphertrail command as a child process (stdout/stderr collected) */
export function ctSpawn(args: string[]): Proc {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const out: string[] = [], err: string[] = [];
  child.stdout!.on('data', (d: Buffer) => out.push(d.toString()));
  child.stderr!.on('data', (d: Buffer) => err.push(d.toString()));
  const exit = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { child, out, err, exit };
}

export function ctRun(args: string[]): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', maxBuffer: 1 << 28, timeout: 60_000 });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export const sortedLines = (s: string): string[] => s.split('\n').filter((l) => l.trim()).sort();

export async function waitFor<T>(what: string, f: () => T | undefined | false, ms = 20_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = f();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** status --json of the cluster */
export function status(url: string): { parts: { partition: number; owner: string | null; seq: number; pending: number; events: number; ended: boolean; deadLettered: number }[]; fleet: { progress: unknown } | null; streams: Record<string, { messages: number }> } {
  const r = ctRun(['status', '--nats', url, '--json']);
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout);
}

/** what one test started: processes still running are killed, the nats-server stopped */
export async function stopAll(procs: Proc[], nats: NatsServer | undefined): Promise<void> {
  for (const p of procs.splice(0)) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
  await nats?.stop();
}
