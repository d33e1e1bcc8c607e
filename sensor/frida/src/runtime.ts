// The agent's shared state: parameters from the host, who we are (device, app, process),
// event ids, the emit queue, hook bookkeeping. Frida side (uses send, Process, Java).
import Java from 'frida-java-bridge';
import { type EventBody, EventError, IdSequence, stampEvent } from './events.js';
import { Fingerprinter, type Sha256, pureSha256, toHexRandom } from './fingerprint.js';
import type { Scheduler } from './coalescer.js';

/** What the host passes: `frida -P '{"device":"…","package":"…"}'` (or `rpc.exports.init({…})`). */
export interface AgentParams {
  /** telemetry `device`; default a fingerprint of Build.SERIAL, else of ANDROID_ID, else `android-<model>` */
  device?: string;
  /** the deployment's fingerprint secret (key_fp/iv_fp/device ids: hmac-sha256-16); absent: sha256-16 */
  fp_secret?: string;
  /** leading URL path segments kept in net.send `path` (default 2; -1 keeps the whole path) */
  path_segments?: number;
  /** telemetry `app`; default the running package */
  package?: string;
  /** device.state poll period (ms), default 15000 */
  poll_ms?: number;
  /** also log every event on the console (debugging) */
  verbose?: boolean;
}

interface Pending {
  body: EventBody;
  ts: number;
}

const QUEUE_MAX = 5000;
const READY_AFTER_MS = 1500;

class Runtime {
  params: AgentParams = {};
  readonly pid = Process.id;
  readonly startMs = Date.now();
  private readonly ids = new IdSequence(IdSequence.prefixFor(Process.id, Date.now()));
  private ready = false;
  private readonly queue: Pending[] = [];
  private device: string | undefined;
  private app: string | undefined;
  private proc: string | undefined;
  hasher: Sha256 = pickHasher();
  /** Until the host's parameters arrive (attach mode: a few ms), fingerprints are keyed with a
   *  throw-away secret: nothing computed then can be brute-forced, nor matched later. */
  fp: Fingerprinter = new Fingerprinter(toHexRandom(32), this.hasher);
  private configured = false;
  readonly stats = { emitted: 0, dropped: 0, invalid: 0, hooks: [] as string[], missing: [] as string[], errors: 0 };
  private readonly warned = new Map<string, number>();

  constructor() {
    setTimeout(() => this.markReady(), READY_AFTER_MS);
  }

  /** Called by `rpc.exports.init`: parameters arrive before the spawned app resumes. */
  configure(params: AgentParams): void {
    this.params = { ...this.params, ...params };
    if (!this.configured || params.fp_secret !== undefined) this.fp = new Fingerprinter(this.params.fp_secret || undefined, this.hasher);
    this.configured = true;
    if (!this.params.fp_secret) this.warn('fingerprints are unkeyed (sha256-16): pass fp_secret so that low-entropy keys cannot be brute-forced from the telemetry');
    if (params.device) this.device = params.device;
    if (params.package) this.app = params.package;
    this.markReady();
  }

  markReady(): void {
    if (this.ready) return;
    this.ready = true;
    if (!this.configured) this.configure({});
    const pending = this.queue.splice(0);
    for (const p of pending) this.send(p.body, p.ts);
  }

  /** Emits a telemetry v1 event now (ts = device clock, Date.now()). */
  emit(body: EventBody, ts = Date.now()): void {
    if (!this.ready) {
      if (this.queue.length < QUEUE_MAX) this.queue.push({ body, ts });
      else this.stats.dropped++;
      return;
    }
    this.send(body, ts);
  }

  private send(body: EventBody, ts: number): void {
    try {
      if (('key_fp' in body || 'iv_fp' in body) && this.fp.eventScheme) (body as { fp_scheme?: string }).fp_scheme = this.fp.eventScheme;
      const event = stampEvent(body, {
        ts, device: this.deviceId(), app: this.appName(), proc: this.procName(), pid: this.pid, id: this.ids.next(),
      });
      send(event);
      this.stats.emitted++;
      if (this.params.verbose) console.log(`ciphertrail: ${JSON.stringify(event)}`);
    } catch (e) {
      this.stats.invalid++;
      this.warn(e instanceof EventError ? `invalid ${e.type}` : 'emit', e);
    }
  }

  deviceId(): string {
    if (this.device) return this.device;
    this.device = this.params.device || deviceFromJava(this.fp) || `pid-${this.pid}`;
    return this.device;
  }

  appName(): string | undefined {
    if (this.app) return this.app;
    const pkg = this.params.package || packageFromJava() || this.procName()?.split(':')[0];
    if (pkg && !pkg.startsWith('<') && pkg !== 'zygote' && pkg !== 'zygote64') this.app = pkg;
    return this.app;
  }

  procName(): string | undefined {
    if (this.proc) return this.proc;
    try {
      const raw = File.readAllText('/proc/self/cmdline');
      const name = raw.split('\u0000')[0];
      if (name && !name.startsWith('<')) this.proc = name; // "<pre-initialized>" before specialization
    } catch {
      /* not readable */
    }
    return this.proc;
  }

  /** Console warning, at most 5 times per topic (the host shows them on stderr). */
  warn(topic: string, e?: unknown): void {
    this.stats.errors++;
    const n = (this.warned.get(topic) ?? 0) + 1;
    this.warned.set(topic, n);
    if (n <= 5) console.warn(`ciphertrail agent: ${topic}${e === undefined ? '' : `: ${e instanceof Error ? e.message : String(e)}`}`);
  }
}

function pickHasher(): Sha256 {
  try {
    if (typeof Checksum !== 'undefined') {
      const probe = Checksum.compute('sha256', []);
      if (probe === 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855') {
        return {
          name: 'frida-checksum',
          hex: (data) => Checksum.compute('sha256', data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer),
        };
      }
    }
  } catch {
    /* older Frida: no Checksum API */
  }
  return pureSha256;
}

/** The device's own ids are fingerprinted like keys (same scheme, same secret): stable per
 *  device within a deployment, never the raw serial or ANDROID_ID. */
function deviceFromJava(fp: Fingerprinter): string | undefined {
  if (!Java.available) return undefined;
  let out: string | undefined;
  try {
    Java.performNow(() => {
      const Build = Java.use('android.os.Build');
      const serial = String(Build.SERIAL.value ?? '');
      if (serial && serial.toLowerCase() !== 'unknown') {
        out = `serial:${fp.label(`serial:${serial}`)}`;
        return;
      }
      const app = Java.use('android.app.ActivityThread').currentApplication();
      if (app !== null) {
        const Secure = Java.use('android.provider.Settings$Secure');
        const id = Secure.getString(app.getContentResolver(), 'android_id');
        if (id) {
          out = `android_id:${fp.label(`android_id:${String(id)}`)}`;
          return;
        }
      }
      out = `android-${String(Build.MODEL.value ?? 'device').replace(/\s+/g, '_')}`;
    });
  } catch {
    /* fall through */
  }
  return out;
}

function packageFromJava(): string | undefined {
  if (!Java.available) return undefined;
  let out: string | undefined;
  try {
    Java.performNow(() => {
      const name = Java.use('android.app.ActivityThread').currentPackageName();
      if (name) out = String(name);
    });
  } catch {
    /* not bound yet */
  }
  return out;
}

export const runtime = new Runtime();

/** Frida timers behind the pure `Scheduler` interface. */
export const fridaScheduler: Scheduler = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as TimeoutId),
};
