// `ciphertrail collect`: runs the frida CLI with the ciphertrail agent on an Android app and turns
// the agent's send() messages into telemetry v1 NDJSON (for `ciphertrail detect -`). Each event is
// validated with the detector's own normalizer before it is written; frida's other output goes to
// stderr. Exit: 0 collected until the app or the user stopped it, 1 frida failed, 2 set-up error
// (frida not installed, agent not built, bad package name).
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Writable } from 'node:stream';
import { formatIssue } from '../model/issue.js';
import { normalizeEvent } from '../normalize/normalize-event.js';
import { extractFridaLine } from './frida-output.js';
import { PACKAGE_NAME, fridaArgs } from './frida-args.js';

export interface CollectOptions {
  package: string;
  /** true: spawn the app with the agent loaded (`-f`); false: attach to the running app (`-N`) */
  spawn: boolean;
  /** telemetry `device` stamped by the agent */
  device?: string;
  /** NDJSON output file; default stdout */
  out?: string;
  /** the frida CLI (default `frida` on PATH) */
  fridaPath?: string;
  /** the built agent (default sensor/frida/dist/agent.js of this package) */
  agentPath?: string;
  /** the deployment's fingerprint secret, handed to the agent */
  fpSecret?: string;
}

export interface CollectIo {
  stdout: Writable;
  stderr: Writable;
  env: NodeJS.ProcessEnv;
}

export const DEFAULT_AGENT = fileURLToPath(new URL('../../sensor/frida/dist/agent.js', import.meta.url));

/** Rejections and frida text shown on stderr before only counting them. */
const SHOW_MAX = 100;

export async function runCollect(opts: CollectOptions, io: CollectIo = { stdout: process.stdout, stderr: process.stderr, env: process.env }): Promise<number> {
  const say = (s: string): void => {
    io.stderr.write(`collect: ${s}\n`);
  };
  if (!PACKAGE_NAME.test(opts.package)) {
    say(`"${opts.package}" is not an Android package name (e.g. com.example.notes)`);
    return 2;
  }
  const agentPath = opts.agentPath ?? DEFAULT_AGENT;
  if (!existsSync(agentPath)) {
    say(`agent not found at ${agentPath}; build it with: npm --prefix sensor/frida ci && npm --prefix sensor/frida run build`);
    return 2;
  }
  const fridaPath = opts.fridaPath ?? io.env.CIPHERTRAIL_FRIDA ?? 'frida';
  const args = fridaArgs({
    package: opts.package, spawn: opts.spawn, agentPath, device: opts.device, fridaDevice: io.env.CIPHERTRAIL_FRIDA_DEVICE, fpSecret: opts.fpSecret,
  });

  const child = spawn(fridaPath, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    // Python buffers a pipe in 8 KB blocks: unbuffered, events arrive as they happen
    env: { ...io.env, PYTHONUNBUFFERED: '1', PYTHONIOENCODING: 'utf-8' },
  });

  const counts = { events: 0, rejected: 0, other: 0, invalid: 0 };
  let shown = 0;
  const show = (s: string): void => {
    if (shown++ < SHOW_MAX) io.stderr.write(`${s}\n`);
  };
  let interrupted = false;
  const onSignal = (): void => {
    interrupted = true;
    child.kill('SIGINT');
    setTimeout(() => child.kill('SIGTERM'), 5000).unref();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  try {
    const started = new Promise<Error | undefined>((resolve) => {
      child.once('spawn', () => resolve(undefined));
      child.once('error', (e) => resolve(e));
    });
    const spawnError = await started;
    if (spawnError) {
      if ((spawnError as NodeJS.ErrnoException).code === 'ENOENT') {
        say(`frida not found (${fridaPath}): install frida-tools on this host (pip install frida-tools, the same major version as frida-server on the device) or give its path with --frida`);
      } else say(`cannot run ${fridaPath}: ${spawnError.message}`);
      return 2;
    }
    const out: Writable = opts.out && opts.out !== '-' ? createWriteStream(opts.out) : io.stdout;
    const outError = new Promise<Error>((resolve) => out.once('error', resolve));
    void outError.then((e) => {
      say(`cannot write ${opts.out ?? 'stdout'}: ${e.message}`);
      child.kill('SIGINT');
    });
    say(`${fridaPath} ${args.map((a) => (/[\s{}"]/.test(a) ? `'${a}'` : a)).join(' ')}`);

    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
      child.once('close', (code, signal) => resolve({ code, signal }));
    });
    const errLines = createInterface({ input: child.stderr! });
    errLines.on('line', (l) => io.stderr.write(`frida: ${l}\n`));
    const lines = createInterface({ input: child.stdout!, crlfDelay: Infinity });
    let lineNo = 0;
    for await (const line of lines) {
      lineNo++;
      const r = extractFridaLine(line);
      switch (r.kind) {
        case 'event': {
          const checked = normalizeEvent(r.event, { file: 'frida', line: lineNo });
          if (!checked.ok) {
            counts.rejected++;
            show(`collect: ${formatIssue(checked.issue)}`);
            break;
          }
          counts.events++;
          if (!out.write(`${JSON.stringify(r.event)}\n`)) {
            lines.pause();
            await new Promise((resolve) => out.once('drain', resolve));
            lines.resume();
          }
          break;
        }
        case 'message':
          counts.other++;
          show(`frida: message ${JSON.stringify(r.message).slice(0, 300)}`);
          break;
        case 'invalid':
          counts.invalid++;
          show(`collect: frida:${lineNo}: unreadable message (${r.reason})`);
          break;
        case 'text':
          if (r.text.trim() !== '') io.stderr.write(`frida: ${r.text}\n`);
          break;
        default: {
          const never: never = r;
          throw new Error(`unhandled ${String(never)}`);
        }
      }
    }
    const { code, signal } = await exited;
    if (out !== io.stdout) {
      await Promise.race([new Promise<void>((resolve) => out.end(resolve)), outError]);
    }
    const where = out === io.stdout ? 'stdout' : opts.out;
    say(`${counts.events} events to ${where}; ${counts.rejected} rejected, ${counts.invalid} unreadable, ${counts.other} other messages`);
    if (interrupted || code === 0) return 0;
    say(`frida exited with ${code ?? signal}`);
    // the app exiting ends a spawn/attach session with frida's exit status 1: events up to then are good
    return counts.events > 0 ? 0 : 1;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
