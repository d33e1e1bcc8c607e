// One durability try of `ciphertrail serve`: a real process over a real SQLite file, fed the
// reference lines in batches by one client as a sensor would (a batch not acknowledged is sent
// again, to whichever server is up), watched by one SSE client (resuming with Last-Event-ID), and
// killed (kill -9 or SIGTERM) and restarted on the same file where the plan says. Checked: after
// every exit, every acknowledged event is in the file; at the end, the stored events are the
// input exactly, the final alerts equal detect's, every alert is final, and no (id, rev) came
// twice in the alert versions or on the stream.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { CLI, ct } from '../helpers.js';
import { finalDifferences, twice, type FinalAlert, type Reference } from './reference.js';
import type { Kill, Plan, Tally } from './kill-plan.js';

interface Serve { child: ChildProcess; url: string; err: string[]; exit: Promise<void> }

async function startServe(db: string, ref: Reference): Promise<Serve> {
  // no idle flush during the try: a release while a late event is still on its way makes it late
  // by design (live-engine.ts); the end events release everything instead
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--db', db, '--policy', ref.policyFile, '--lateness', `${ref.lateness / 1000}s`, '--idle-flush', '1h', '--rate-limit', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const err: string[] = [];
  child.stderr!.on('data', (d: Buffer) => err.push(d.toString()));
  const exit = new Promise<void>((r) => child.once('exit', () => r()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^(http:\/\/\S+)\n/m.exec(out);
      if (m) resolve(m[1]);
    });
    void exit.then(() => reject(new Error(`serve exited at start: ${err.join('')}`)));
  });
  return { child, url, err, exit };
}

/** the running server, and while one is killed and restarted, a promise of the next */
class Supervisor {
  serve!: Serve;
  private next: Promise<Serve> | undefined;
  readonly logs: string[] = [];
  constructor(private readonly db: string, private readonly ref: Reference, private readonly onExit: (k: Kill, s: Serve) => void) {}

  async start(): Promise<void> { this.serve = await startServe(this.db, this.ref); }

  /** the server to talk to now (waits out a restart) */
  async current(): Promise<Serve> { return this.next ?? this.serve; }

  kill(k: Kill): void {
    const s = this.serve;
    this.next = (async () => {
      await new Promise((r) => setTimeout(r, k.delayMs));
      s.child.kill(k.kind);
      await s.exit;
      this.logs.push(s.err.join(''));
      this.onExit(k, s);
      this.serve = await startServe(this.db, this.ref);
      this.next = undefined;
      return this.serve;
    })();
  }

  async stop(): Promise<void> {
    await this.next;
    const s = this.serve;
    s.child.kill('SIGTERM');
    await s.exit;
    this.logs.push(s.err.join(''));
  }

  killNow(): void { if (this.serve.child.exitCode === null && this.serve.child.signalCode === null) this.serve.child.kill('SIGKILL'); }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** every SSE `alert` event's (id, rev), over every server of the try */
class StreamWatcher {
  readonly pairs: string[] = [];
  private lastId: string | undefined;
  private stopped = false;
  private abort = new AbortController();
  readonly done: Promise<void>;
  constructor(private readonly sup: Supervisor, private readonly token: string) { this.done = this.loop(); }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      const s = await this.sup.current();
      try {
        const res = await fetch(s.url + '/v1/stream', { headers: { authorization: `Bearer ${this.token}`, ...(this.lastId ? { 'last-event-id': this.lastId } : {}) }, signal: this.abort.signal });
        const reader = res.body!.getReader();
        let buf = '';
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          buf += Buffer.from(value).toString('utf8');
          let cut;
          while ((cut = buf.indexOf('\n\n')) >= 0) {
            const block = buf.slice(0, cut);
            buf = buf.slice(cut + 2);
            const field = (n: string) => block.split('\n').find((l) => l.startsWith(n + ': '))?.slice(n.length + 2);
            if (field('event') !== 'alert') continue;
            const a = JSON.parse(field('data')!) as { id: string; rev: number };
            this.pairs.push(`${a.id} ${a.rev}`);
            this.lastId = field('id') ?? this.lastId;
          }
        }
      } catch { /* the server went (a kill): resume from the last id on the next one */ }
      if (!this.stopped) await sleep(20);
    }
  }

  latestRev(id: string): number { let m = 0; for (const p of this.pairs) { const [i, r] = p.split(' '); if (i === id) m = Math.max(m, Number(r)); } return m; }

  async stop(): Promise<void> { this.stopped = true; this.abort.abort(); await this.done; }
}

export interface ServerTryResult { problems: string[]; kills: Kill[]; acked: number; stored: number; alertsEqual: boolean }

/** stored (device, id) keys of a file whose server has exited */
function storedKeys(db: string): Set<string> {
  const d = new Database(db);
  try { return new Set((d.prepare('SELECT device, id FROM events').all() as { device: string; id: string }[]).map((r) => `${r.device}\u0000${r.id}`)); }
  finally { d.close(); }
}

export async function serverTry(ref: Reference, plan: Plan, dir: string, tally: Tally): Promise<ServerTryResult> {
  const db = join(dir, 'ct.db');
  const token = ct(['token', 'create', '--db', db, '--scope', 'ingest,read', '--name', 'sensor']).stdout.trim();
  const problems: string[] = [];
  const acked = new Array<boolean>(ref.lines.length).fill(false);
  let ackedCount = 0;
  const fired: Kill[] = [];
  const onExit = (k: Kill, s: Serve) => {
    tally.kills[k.kind]++;
    if (k.kind === 'SIGTERM' && s.child.exitCode !== 0) problems.push(`SIGTERM: serve exited ${s.child.exitCode ?? s.child.signalCode}: ${s.err.join('').trim().split('\n').slice(-2).join(' / ')}`);
    const stored = storedKeys(db);
    let lost = 0;
    acked.forEach((a, i) => { if (a && !stored.has(ref.keys[i])) lost++; });
    if (lost) problems.push(`after ${k.kind} at line ${k.at}: ${lost} acknowledged event(s) not in the store`);
  };
  const sup = new Supervisor(db, ref, onExit);
  await sup.start();
  const watcher = new StreamWatcher(sup, token);
  try {
    let i = 0, k = 0;
    for (const size of plan.batches) {
      const body = ref.lines.slice(i, i + size).join('\n') + '\n';
      for (;;) {
        // a kill due while the previous one is still restarting waits for that server
        while (k < plan.kills.length && plan.kills[k].at <= ackedCount) { await sup.current(); fired.push(plan.kills[k]); sup.kill(plan.kills[k++]); }
        const s = await sup.current();
        let res: Response;
        try {
          res = await fetch(s.url + '/v1/events', { method: 'POST', body, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' } });
        } catch { await sleep(10); continue; }
        const text = await res.text().catch(() => undefined);
        if (text === undefined) continue;
        if (res.status !== 200) { problems.push(`POST /v1/events: ${res.status} ${text.slice(0, 200)}`); await sleep(50); continue; }
        const r = JSON.parse(text) as { accepted: number; duplicates: number; rejected: number };
        if (r.rejected || r.accepted + r.duplicates !== size) problems.push(`POST /v1/events of ${size} line(s): ${text.slice(0, 200)}`);
        for (let x = i; x < i + size; x++) acked[x] = true;
        ackedCount += size;
        break;
      }
      i += size;
    }
    // (kills planned past the last acknowledgement cannot happen; the plan keeps them before the end events)
    const s = await sup.current();
    const get = async (path: string) => { const r = await fetch(s.url + path, { headers: { authorization: `Bearer ${token}` } }); if (r.status !== 200) throw new Error(`GET ${path}: ${r.status}`); return r.json() as Promise<any>; };
    const got = new Map<string, FinalAlert>();
    const open: string[] = [];
    const versionPairs: string[] = [];
    for (let cursor: string | undefined; ;) {
      const page = await get(`/v1/alerts?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`) as { alerts: (FinalAlert & { final: boolean; rev: number })[]; next_cursor?: string | null; next?: string | null };
      for (const a of page.alerts) { got.set(a.id, { id: a.id, score: a.score, severity: a.severity }); if (!a.final) open.push(a.id); }
      cursor = page.next_cursor ?? page.next ?? undefined;
      if (!cursor) break;
    }
    for (const id of got.keys()) {
      const d = await get(`/v1/alerts/${encodeURIComponent(id)}`) as { versions: { rev: number }[] };
      for (const v of d.versions) versionPairs.push(`${id} ${v.rev}`);
    }
    const diff = finalDifferences(ref.finals, got);
    problems.push(...diff.map((d) => `final alert ${d}`));
    if (open.length) problems.push(`${open.length} alert(s) not final after the end events: ${open.slice(0, 3).join(', ')}`);
    const dupVersions = twice(versionPairs);
    if (dupVersions.length) problems.push(`(id, rev) stored twice: ${dupVersions.slice(0, 3).join(', ')}`);
    // the stream delivers each alert's latest version (after a resume, the versions between may be
    // skipped: Last-Event-ID resumes with the latest of each)
    const latest = new Map<string, number>();
    for (const p of versionPairs) { const [id, rev] = p.split(' '); latest.set(id, Math.max(latest.get(id) ?? 0, Number(rev))); }
    const until = Date.now() + 10_000;
    while ([...latest].some(([id, rev]) => watcher.latestRev(id) < rev) && Date.now() < until) await sleep(50);
    const behind = [...latest].filter(([id, rev]) => watcher.latestRev(id) < rev);
    if (behind.length) problems.push(`stream never delivered the latest version of ${behind.length} alert(s): ${behind.slice(0, 3).map(([id, rev]) => `${id} ${rev}`).join(', ')}`);
    const dupStream = twice(watcher.pairs);
    if (dupStream.length) problems.push(`(id, rev) delivered twice on /v1/stream: ${dupStream.slice(0, 3).join(', ')}`);
    await watcher.stop();
    await sup.stop();
    const stored = storedKeys(db);
    const missing = ref.keys.filter((key) => !stored.has(key)).length;
    if (missing || stored.size !== ref.keys.length) problems.push(`stored ${stored.size} event(s) for ${ref.keys.length} input line(s) (${missing} missing)`);
    for (const log of sup.logs) for (const l of log.split('\n')) if (/failed|Error|exception/i.test(l)) problems.push(`serve said: ${l.slice(0, 300)}`);
    tally.tries++;
    tally.acked += ackedCount;
    tally.stored += stored.size;
    tally.alertsCompared++;
    if (!diff.length) tally.alertsEqual++;
    return { problems, kills: fired, acked: ackedCount, stored: stored.size, alertsEqual: diff.length === 0 };
  } finally {
    await watcher.stop().catch(() => undefined);
    sup.killNow();
  }
}
