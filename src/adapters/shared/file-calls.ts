// File hooks -> file.write / file.delete, and reads of the user's shared storage -> data.access.
// The open() hooks do not see the bytes written: such writes carry bytes 0 and `bytes_unknown`.
import type { JavaCall } from './java-call.js';
import type { MapContext, ThreadState } from './map-context.js';
import { intentOfOpenFlags } from './open-flags.js';
import { categoryOfReadPath } from './data-categories.js';
import { entropyOf } from './payload-features.js';

const MODE_APPEND = 0x8000;
/** CuckooDroid's own copies of files the app wrote: sandbox artefacts, not app behaviour */
const DROPPED_COPY = /\.DROPPED_FILE$/;

export function mapFileCall(c: JavaCall, t: ThreadState, x: MapContext): boolean {
  const key = `${c.cls}.${c.method}`;
  switch (key) {
    case 'libcore.io.IoBridge.open':
      onOpen(c, t, x);
      return true;
    case 'android.content.ContextWrapper.openFileOutput':
    case 'android.app.ContextImpl.openFileOutput':
      onOpenFileOutput(c, t, x);
      return true;
    case 'java.io.FileOutputStream.write':
      onStreamWrite(c, x);
      return true;
    case 'android.content.ContextWrapper.deleteFile':
    case 'android.app.ContextImpl.deleteFile':
      if (typeof c.args[0] === 'string') x.sink.emit(c.ts, 'file.delete', { path: privatePath(x.app, c.args[0]) });
      return true;
    case 'java.io.File.delete':
      if (c.self.path && String(c.result) !== 'false') x.sink.emit(c.ts, 'file.delete', { path: c.self.path });
      return true;
    default:
      return false;
  }
}

function onOpen(c: JavaCall, t: ThreadState, x: MapContext): void {
  const path = c.args[0];
  const intent = intentOfOpenFlags(c.args[1]);
  if (typeof path !== 'string' || !intent) return;
  if (!intent.write) {
    const category = categoryOfReadPath(path);
    if (category) x.sink.emit(c.ts, 'data.access', { category, items: 1 });
    return;
  }
  if (DROPPED_COPY.test(path)) { x.counters.droppedArtifacts++; return; }
  t.lastOpen = { path, index: t.index };
  x.sink.emit(c.ts, 'file.write', { path, bytes: 0, bytes_unknown: true, ...(intent.op ? { op: intent.op } : {}) });
}

function onOpenFileOutput(c: JavaCall, t: ThreadState, x: MapContext): void {
  const name = c.args[0];
  if (typeof name !== 'string') return;
  const path = privatePath(x.app, name);
  // openFileOutput opens through IoBridge.open: one write, not two
  if (t.lastOpen && t.lastOpen.path === path && t.index - t.lastOpen.index <= 2) return;
  const mode = Number(c.args[1]);
  t.lastOpen = { path, index: t.index };
  x.sink.emit(c.ts, 'file.write', { path, bytes: 0, bytes_unknown: true, op: Number.isInteger(mode) && mode & MODE_APPEND ? 'append' : 'overwrite' });
}

/** FileOutputStream.write with the buffer visible: bytes and entropy. Without a path it is a
 *  process's stdin (droidmon type `runtime`: commands to `su`/`sh`), not a file. */
function onStreamWrite(c: JavaCall, x: MapContext): void {
  const buf = x.opts.decode(c.args[0]);
  if (!c.self.path) { x.counters.processWrites++; return; }
  if (!buf) { x.sink.emit(c.ts, 'file.write', { path: c.self.path, bytes: 0, bytes_unknown: true }); return; }
  x.sink.emit(c.ts, 'file.write', { path: c.self.path, bytes: buf.length, ...(buf.length ? { entropy: entropyOf(buf) } : {}) });
}

/** openFileOutput("name") writes /data/data/<pkg>/files/name */
function privatePath(app: string, name: string): string {
  return name.startsWith('/') ? name : `/data/data/${app}/files/${name}`;
}
