// Dispatch: one released event into the state it changes. Device events change the device's facts;
// app events go to their (device, app) context: key records, the window's records (which the
// facets follow), the app's facts and moment. A send is when the chain is evaluated.
import type {
  AppInfoEvent, AppStateEvent, CryptoKeyEvent, CryptoOpEvent, DataAccessEvent, DeviceStateEvent, FileDeleteEvent, FileWriteEvent,
  NetSendEvent, TelemetryEvent,
} from '../model/index.js';
import type { DeviceContext } from './device-context.js';
import { SEEN_CRYPTO, SEEN_NET } from './device-context.js';
import { seenBitsOf, partialDevice } from './an1731/visibility.js';
import { KEYSTORE_ALIAS_SCHEME } from '../model/index.js';
import type { AppContext } from './an1731/app-context.js';
import type { Analysis, ExecState, KeyRecord, StagedFile } from './an1731/types.js';
import { UNSEEN_ENTROPY } from './an1731/types.js';
import type { UpdateEnv } from './an1731/facet.js';
import { BLIND_WRITE_MS, COLLECTED, isStagedWrite } from './an1731/facets/staging.js';
import { isAsymmetricOp, isLegacyCipher } from './an1731/ciphers.js';
import { READ_REFS } from './an1731/staged-store.js';
import { hiddenScore } from './an1731/exec-state.js';
import { isBareLookup } from './an1731/transport.js';

// event type codes (index in EVENT_TYPES, as the normalizer hoists them)
export const K_CRYPTO_KEY = 0, K_CRYPTO_OP = 1, K_DATA_ACCESS = 2, K_FILE_WRITE = 3, K_FILE_DELETE = 4,
  K_APP_STATE = 5, K_DEVICE_STATE = 6, K_USER_INTERACTION = 7, K_NET_SEND = 8, K_APP_INFO = 9;

export interface DispatchEnv {
  a: Analysis;
  window: number;
  /** staged artifacts and key records outlive the window this long */
  stagingHorizon: number;
  /** a send: evaluate the chain now */
  evaluate(ctx: AppContext, dev: DeviceContext, t: number): void;
  /** an encrypt op on a device without network telemetry: evaluate once nothing follows for a while */
  encryptOnly(ctx: AppContext, dev: DeviceContext, ts: number): void;
  /** the facets' update env, reused for every event (updates are synchronous and keep nothing of it) */
  scratch: UpdateEnv;
}

/** device-wide events (no app) */
export function deviceEvent(e: TelemetryEvent, kind: number | undefined, ts: number, dev: DeviceContext): void {
  dev.see(seenBitsOf(e), e.src);
  if (kind === K_DEVICE_STATE) {
    const d = e as DeviceStateEvent;
    if (d.screen !== undefined) dev.screen = d.screen;
    if (d.locked !== undefined) dev.locked = d.locked;
    dev.stateVersion++;
  } else if (ts > dev.lastInteraction) { dev.lastInteraction = ts; dev.stateVersion++; }
}

/** the exec state now: one object per state change, shared by the records made meanwhile */
function execOf(ctx: AppContext, dev: DeviceContext): ExecState {
  let x = ctx.exec;
  if (x === undefined || ctx.execVersion !== dev.stateVersion) {
    x = { state: ctx.appState, screenOff: dev.screen === 'off' ? true : dev.screen === 'on' ? false : undefined, locked: dev.locked, lastInteraction: Math.max(ctx.lastInteraction, dev.lastInteraction) };
    ctx.exec = x;
    ctx.execVersion = dev.stateVersion;
  }
  return x;
}

export function appEvent(ev: TelemetryEvent, kind: number | undefined, ts: number, ref: string, ctx: AppContext, dev: DeviceContext, env: DispatchEnv): void {
  const a = env.a, w = ctx.win;
  const x = env.scratch;
  x.ctx = ctx;
  x.w = w;
  dev.see(seenBitsOf(ev), ev.src);
  switch (kind) {
    case K_CRYPTO_KEY: {
      const e = ev as CryptoKeyEvent;
      // a key made in the Keystore, known by alias (managed-device logs): what a partial chain starts from
      if (e.fp_scheme === KEYSTORE_ALIAS_SCHEME && e.keystore_op !== 'destroyed' && ts > ctx.keyMadeTs) { ctx.keyMadeTs = ts; ctx.keyMadeRef = ref; }
      // (the previous record as a lookup at this moment sees it: one past its horizon is no more)
      const prev = ctx.key(e.key_fp, ts);
      ctx.setKey({ key_fp: e.key_fp, alg: e.alg, origin: e.origin ?? 'unknown', hw_backed: e.hw_backed === true, kdf: e.kdf, lastUse: prev && prev.lastUse > ts ? prev.lastUse : ts, used: prev?.used === true });
      if (w.dormant && canRaise(ctx.key(e.key_fp, ts), ctx.allowedCrypto)) w.wake();
      w.keyChanged(e.key_fp, ts, x);
      break;
    }
    case K_CRYPTO_OP: {
      const e = ev as CryptoOpEvent;
      let fp = e.key_fp;
      if (e.dir === 'decrypt') { w.addDecrypt(ts, env.window, x); break; }
      // (RSA wrapping a session key or a 117-byte chunk is not the symmetric encryption AN1731 is about)
      if (isAsymmetricOp(e.alg, e.in_bytes, e.out_bytes)) break;
      // rows keep the equal string already held (the key record's, the previous op's) so that
      // the parsed event's copies die young instead of being copied and promoted by the GC
      const enc = w.encrypts, prev = enc.end > enc.start ? enc.keyFp(enc.end - 1) : undefined;
      const k = fp ? ctx.key(fp, ts) : undefined;
      if (k !== undefined) fp = k.key_fp;
      else if (prev === fp) fp = prev;
      if (k) { if (ts > k.lastUse) k.lastUse = ts; k.used = true; }
      // a sleeping window wakes for an op that could raise its score: its first, or one with a key
      // that more uses or other devices could make hard-coded
      if (w.dormant && (w.encrypts.length === 0 || (fp !== undefined && canRaise(k, ctx.allowedCrypto)))) w.wake();
      const inBytes = e.in_bytes;
      w.addOp(ts, ref, e.alg, inBytes ?? 0, e.out_bytes ?? inBytes ?? 0, execOf(ctx, dev), e.mode, fp, e.proc, env.window, x);
      // a write whose content was unseen, just before this op, was the ciphertext's file
      const files = w.files.items;
      for (let i = files.length - 1; i >= 0 && files[i].ts >= ts - BLIND_WRITE_MS; i--) {
        const f = files[i];
        if (f.entropy === UNSEEN_ENTROPY && !f.blind) w.refile(f, () => { f.blind = true; }, x);
      }
      // keys the sensor saw born on the device (random, Keystore, from the network) cannot be shipped in the APK
      if (fp && (!k || !(k.hw_backed || k.origin === 'generated' || k.origin === 'keystore' || k.origin === 'remote'))) a.fleetKeys.note(ctx.app, fp, dev.device, ts);
      // with no network telemetry on this device the encryption is the last visible step
      if (!(dev.seen & SEEN_NET)) env.encryptOnly(ctx, dev, ts);
      break;
    }
    case K_DATA_ACCESS: {
      const e = ev as DataAccessEvent;
      w.wake();
      w.addRead({ ts, ref, category: e.category, items: e.items ?? 0, bytes: e.bytes ?? 0 }, env.window, x);
      break;
    }
    case K_FILE_WRITE: {
      const e = ev as FileWriteEvent;
      const thr = a.policy.thresholds.entropy_threshold;
      // only high-entropy writes can be staged ciphertext; writes whose content the sensor could not
      // see (sandbox open() hooks) are kept as weaker evidence; the rest is not kept
      if (e.entropy !== undefined && e.entropy < thr) break;
      w.prune(ts - env.window, x); // (judged against the window's own ops)
      const f: StagedFile = { ts, ref, path: e.path, bytes: e.bytes, entropy: e.entropy ?? UNSEEN_ENTROPY };
      if (e.entropy !== undefined) f.staged = isStagedWrite(w, e.bytes, e.entropy, thr);
      else if (w.encrypts.newest >= ts - BLIND_WRITE_MS) f.blind = true;
      if (f.staged) stage(ctx, f, execOf(ctx, dev));
      w.wake();
      w.addFile(f, env.window, x);
      break;
    }
    case K_FILE_DELETE: {
      const path = (ev as FileDeleteEvent).path;
      const files = w.files.items;
      for (let i = files.length - 1; i >= 0; i--) if (files[i].path === path && files[i].deleted === undefined) { files[i].deleted = ts; break; }
      ctx.staged.delete(path, ts);
      break;
    }
    case K_APP_STATE:
      ctx.appState = (ev as AppStateEvent).state;
      ctx.exec = undefined;
      break;
    case K_USER_INTERACTION:
      if (ts > ctx.lastInteraction) { ctx.lastInteraction = ts; ctx.exec = undefined; }
      break;
    case K_NET_SEND: {
      const e = ev as NetSendEvent;
      if (partialDevice(dev.seen)) ctx.contacted(e.dst_host ?? e.dst_ip ?? '?', ts);
      if (isBareLookup(e.proto, e.payload)) break;
      // the previous send's equal strings are kept (see crypto.op): the parsed ones die young
      const s = w.sends, prev = s.end > s.start ? s.end - 1 : -1;
      let host = e.dst_host, ip = e.dst_ip;
      if (prev >= 0) { const h = s.host(prev), p = s.ip(prev); if (h === host) host = h; if (p === ip) ip = p; }
      const bytes = e.bytes_out ?? 0;
      // (a size the source did not record is kept unknown: NaN marks the row unsized)
      w.addSend(ts, ref, e.bytes_out ?? NaN, execOf(ctx, dev), host, ip, e.dst_port, e.proto, e.tls, e.payload, env.window, x, (dev.seen & SEEN_CRYPTO) === 0);
      // a file staged before the window that this send takes out joins the window
      if (ctx.staged.size > 0) {
        const art = ctx.staged.take(ts, bytes, e.path, env.stagingHorizon);
        if (art !== undefined && art.ts < ts - env.window) { w.wake(); w.recall({ artifact: art, sendTs: ts, sendRef: ref, waitedMs: ts - art.ts }, x); }
      }
      env.evaluate(ctx, dev, ts);
      break;
    }
    case K_APP_INFO: {
      const e = ev as AppInfoEvent;
      w.wake();
      if (ts > ctx.factsTs) ctx.factsTs = ts;
      if (e.signer !== undefined) {
        ctx.facts.signer = e.signer;
        const pinned = ctx.entry?.signer;
        ctx.facts.signerMismatch = pinned !== undefined && !a.inventory.signerMatches(pinned, e.signer);
      }
      if (e.approved !== undefined) ctx.facts.approved = e.approved;
      if (e.label !== undefined) ctx.facts.label = e.label;
      if (e.installer !== undefined) ctx.facts.installer = e.installer;
      if (e.version !== undefined) ctx.facts.version = e.version;
      break;
    }
    default:
      throw new Error(`unhandled event type ${ev.type}`);
  }
}

const NONE: string[] = [], NO_TS: number[] = [];

/** a copy of a key record as it is now (undefined: none) */
function keyOf(ctx: AppContext, fp: string | undefined, ts: number): KeyRecord | undefined {
  const k = fp !== undefined ? ctx.key(fp, ts) : undefined;
  return k !== undefined ? { ...k } : undefined;
}

/** a key record (undefined: none) that could raise a sleeping window's key ceiling: not born on
 *  the device (more uses or another device make it hard-coded), or born but the app is not
 *  allowed to encrypt (reused: 0.4) */
function canRaise(k: KeyRecord | undefined, allowed: boolean): boolean {
  if (k !== undefined && (k.hw_backed || k.origin === 'keystore')) return false;
  if (k !== undefined && (k.origin === 'generated' || k.origin === 'remote')) return !allowed;
  return true;
}

/** a staged write becomes an artifact that outlives the window: what went into it, as figures */
function stage(ctx: AppContext, f: StagedFile, exec: ExecState): void {
  const w = ctx.win, enc = w.encrypts;
  const i = enc.end - 1;
  const reads = w.reads.items, cats = new Set<string>(), readRefs: string[] = [], readTs: number[] = [];
  let items = 0, readBytes = 0;
  for (let r = Math.max(0, reads.length - READ_REFS); r < reads.length; r++) {
    const x = reads[r];
    if (!COLLECTED.has(x.category) || x.ts > f.ts) continue;
    cats.add(x.category); items += x.items; readBytes += x.bytes;
    readRefs.push(x.ref); readTs.push(x.ts);
  }
  // (no reads: the shared empty lists; a chunked backup stages hundreds of files a window)
  const none = readRefs.length === 0;
  ctx.staged.add({
    ts: f.ts, ref: f.ref, path: f.path, bytes: f.bytes, entropy: f.entropy, base: f.path.slice(f.path.lastIndexOf('/') + 1),
    opRef: enc.ref(i), opTs: enc.ts(i), alg: enc.alg(i), mode: enc.mode(i), keyFp: enc.keyFp(i), key: keyOf(ctx, enc.keyFp(i), f.ts), legacy: isLegacyCipher(enc.alg(i), enc.mode(i)),
    inBytes: enc.inBytes(i), outBytes: enc.outBytes(i),
    categories: none ? NONE : [...cats].sort(), items, readBytes, readRefs: none ? NONE : readRefs, readTs: none ? NO_TS : readTs,
    hidden: hiddenScore(exec, f.ts),
  });
}
