import { formatIssue } from '../model/index.js';
import { parseDuration } from '../policy/index.js';
import { PolicyError, startServer, DEFAULT_RATE_LIMIT } from '../server/start.js';
import { UsageError } from './usage-error.js';
import { forwardArgs } from './forward-args.js';
import { parseCommand } from './options/parse.js';
import { SERVE } from './specs/serve.js';
import { DEFAULT_GRACE, GracefulStop, parseGrace } from './graceful-stop.js';
import { fpSecretFromEnv } from './fp-secret.js';
import { pathSegmentsFromEnv } from './path-segments.js';

const intOpt = (name: string, s: string | undefined, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined => {
  if (s === undefined) return undefined;
  const n = Number(s);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${name}: want an integer ${min}..${max}, got '${s}'`);
  return n;
};

/** 16m, 512k, 1048576 */
function sizeOpt(s: string | undefined, name = 'max-body'): number | undefined {
  if (s === undefined) return undefined;
  const m = /^(\d+)([kmg]?)b?$/i.exec(s.trim());
  if (!m || Number(m[1]) === 0) throw new UsageError(`--${name}: want a size like 16m, 512k or a number of bytes, got '${s}'`);
  return Number(m[1]) * ({ '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 } as Record<string, number>)[m[2].toLowerCase()];
}

/** 30d, 12h: event time of stored events to keep */
function retainOpt(s: string): number {
  const m = /^(\d+(?:\.\d+)?)d$/.exec(s.trim());
  const ms = m ? Number(m[1]) * 86_400_000 : parseDuration(s);
  if (ms === undefined || ms <= 0) throw new UsageError(`--retain: want a duration like 30d or 12h, got '${s}'`);
  return ms;
}

export async function serveCommand(argv: string[]): Promise<number> {
  const args = parseCommand<{ port: string; host: string; db: string; policy?: string; lateness: string; 'idle-flush': string; retain?: string; 'rate-limit'?: string; burst?: string; 'max-body': string; 'max-line-length'?: string; nats?: string; 'exact-keys'?: boolean; grace: string; forward?: string[]; 'forward-config'?: string; 'forward-secret-file'?: string }>(SERVE, argv);
  for (const n of args.notices) process.stderr.write(n + '\n');
  const v = args.values;
  const port = intOpt('port', v.port, 0, 65535)!;
  const lateness = parseDuration(v.lateness!);
  if (lateness === undefined) throw new UsageError(`--lateness: want a duration like 30s, got '${v.lateness}'`);
  const idleFlushMs = parseDuration(v['idle-flush']!);
  if (idleFlushMs === undefined) throw new UsageError(`--idle-flush: want a duration like 1s, got '${v['idle-flush']}'`);
  const rps = intOpt('rate-limit', v['rate-limit'], 0);
  const burst = intOpt('burst', v.burst, 1);
  const rateLimit = rps === 0 ? null : { eventsPerSecond: rps ?? DEFAULT_RATE_LIMIT.eventsPerSecond, burst: burst ?? DEFAULT_RATE_LIMIT.burst };
  if (v['exact-keys'] && !v.nats) throw new UsageError('--exact-keys needs --nats');
  const graceMs = parseGrace(v.grace!);
  const retainMs = v.retain === undefined ? undefined : retainOpt(v.retain);
  const forward = await forwardArgs(v);
  if (forward === null) return 2;
  const log = (l: string) => process.stderr.write(l + '\n');
  const stop = new GracefulStop('ciphertrail', graceMs, log);
  let server;
  try {
    server = await startServer({
      port, host: v.host!, db: v.db!, lateness, ...(v.nats ? { nats: v.nats } : {}), ...(v['exact-keys'] ? { natsExactKeys: true } : {}), idleFlushMs, rateLimit, maxBodyBytes: sizeOpt(v['max-body']),
      ...(v['max-line-length'] ? { maxLineLength: sizeOpt(v['max-line-length'], 'max-line-length') } : {}),
      adapterOptions: { ...(fpSecretFromEnv() ? { fpSecret: fpSecretFromEnv() } : {}), ...(pathSegmentsFromEnv() !== undefined ? { pathSegments: pathSegmentsFromEnv() } : {}) },
      ...(v.policy ? { policyPath: v.policy } : {}), ...(retainMs !== undefined ? { retainMs } : {}), ...(forward ? { forward } : {}), log,
    });
  } catch (e) {
    if (e instanceof PolicyError) {
      log(`ciphertrail: ${e.message}:\n${e.issues.map((i) => '  ' + formatIssue(i)).join('\n')}`);
      return 2;
    }
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'EADDRINUSE' || err.code === 'EACCES' || err.code === 'EADDRNOTAVAIL') {
      log(`ciphertrail: cannot listen on ${v.host}:${port}: ${err.code}`);
      return 2;
    }
    throw e;
  }
  log(`ciphertrail: serving on ${server.url} (db ${v.db}${v.policy ? `, policy ${v.policy}` : ''}); dashboard at ${server.url}/`);
  process.stdout.write(server.url + '\n');
  const s = server;
  process.on('SIGHUP', () => {
    void s.reloadPolicy().then((r) => {
      if (!r.ok) log(`ciphertrail: policy reload refused, the previous policy stays in force:\n${r.issues.map((i) => '  ' + formatIssue(i)).join('\n')}`);
    }, (e: unknown) => log(`ciphertrail: policy reload failed: ${(e as Error).message}`));
  });
  await stop.stopped;
  log(`ciphertrail: ${stop.signal}, closing`);
  // with --nats, the close waits until the events accepted are published and acknowledged; with
  // the NATS server gone that is the grace period, which names what was left
  try { await s.close(); } catch (e) {
    log(`ciphertrail: ${(e as Error).message}`);
    process.exitCode = 1;
    stop.done('HTTP server and store closed, NOT every accepted event published to NATS');
    return 1;
  }
  stop.done(v.nats ? 'HTTP server and store closed, every accepted event published to NATS' : 'HTTP server and store closed');
  return 0;
}
