// File writes -> file.write {path, bytes, entropy of a sample, op}. Writes through one stream are
// merged into one event per burst (flushed on close, after 1 s idle or 10 s). The content never
// leaves the device: only its size and the entropy of its first 4 KB. Frida side.
import Java from 'frida-java-bridge';
import { utf8Encode, utf8Length } from '../bytes.js';
import { Coalescer } from '../coalescer.js';
import { ByteSample } from '../entropy.js';
import { type FileOp, buildFileWrite } from '../events.js';
import { PAYLOAD_SAMPLE_BYTES } from '../payload.js';
import { fridaScheduler, runtime } from '../runtime.js';
import { hook, identity, javaLength, outermost, readJavaBytes, safe } from '../java-util.js';

interface StreamInfo {
  path: string;
  op?: FileOp;
}

interface WriteAcc {
  path: string;
  op?: FileOp;
  sample: ByteSample;
}

/** Not app data: kernel/virtual files. SharedPreferences XML is reported per value (putString). */
const IGNORED = /^\/(proc|sys|dev)\/|\/shared_prefs\/[^/]+\.xml(\.bak)?$/;

const streams = new Map<number, StreamInfo>();

const writes = new Coalescer<number, WriteAcc>(fridaScheduler, { idleMs: 1000, maxMs: 10_000, maxEntries: 256 }, (id, acc) => {
  if (acc.sample.total === 0) return;
  runtime.emit(buildFileWrite({ path: acc.path, bytes: acc.sample.total, entropy: acc.sample.entropy(), op: acc.op }));
  // the next burst on the same stream continues the file
  const info = streams.get(id);
  if (info) info.op = 'append';
});

function streamInfo(self: Java.Wrapper): StreamInfo | undefined {
  const id = identity(self);
  const known = streams.get(id);
  if (known) return known;
  // opened before the agent loaded, or through a FileDescriptor: libcore keeps `path` (may be null)
  const path = safe('FileOutputStream.path', () => self.path.value as string | null);
  if (!path) return undefined;
  const info: StreamInfo = { path };
  remember(id, info);
  return info;
}

function remember(id: number, info: StreamInfo): void {
  streams.set(id, info);
  if (streams.size > 2048) {
    const oldest = streams.keys().next().value;
    if (oldest !== undefined) streams.delete(oldest);
  }
}

function hookFileOutputStream(): void {
  // every FileOutputStream(String|File[, append]) constructor ends in (File, boolean)
  hook('java.io.FileOutputStream', '$init', (self, args, original) => {
    const file = args[0] as Java.Wrapper | null;
    const existed = safe('File.exists', () => (file === null ? false : Boolean(file.exists()))) ?? false;
    const r = original();
    safe('FileOutputStream.<init>', () => {
      if (file === null) return;
      const path = String(file.getAbsolutePath());
      const op: FileOp = args[1] ? 'append' : existed ? 'overwrite' : 'create';
      remember(identity(self), { path, op });
    });
    return r;
  }, (types) => types.length === 2 && types[0] === 'java.io.File' && types[1] === 'boolean');

  hook('java.io.FileOutputStream', 'write', (self, args, original, ov) => {
    const types = ov.argumentTypes.map((t) => t.className ?? t.name);
    return outermost('fos.write', original, () => {
      const info = streamInfo(self);
      if (!info || IGNORED.test(info.path)) return;
      let length: number;
      let read: ((max: number) => ArrayLike<number>) | undefined;
      if (types.length === 1 && types[0] === 'int') {
        length = 1;
        read = () => [args[0] as number];
      } else if (types.length === 1) {
        length = javaLength(args[0]);
        read = (max) => readJavaBytes(args[0], 0, length, max);
      } else {
        const off = args[1] as number;
        length = args[2] as number;
        read = (max) => readJavaBytes(args[0], off, length, max);
      }
      writes.add(identity(self), () => ({ path: info.path, op: info.op, sample: new ByteSample(PAYLOAD_SAMPLE_BYTES) }), (acc) => acc.sample.add(length, read));
    });
  });

  hook('java.io.FileOutputStream', 'close', (self, _args, original) => {
    safe('FileOutputStream.close', () => {
      const id = identity(self);
      writes.flush(id);
      streams.delete(id);
    });
    return original();
  });
}

/** SharedPreferences.Editor.putString: the value (size, entropy of its first 4 KB) goes to the
 *  preferences file; the key name and value stay on the device. */
function hookSharedPreferences(): void {
  hook('android.app.SharedPreferencesImpl$EditorImpl', 'putString', (self, args, original) => {
    const r = original();
    safe('SharedPreferences.putString', () => {
      const value = args[1] as string | null;
      if (value === null) return;
      let path = 'shared_prefs';
      safe('SharedPreferences file', () => {
        path = String(self.this$0.value.mFile.value.getAbsolutePath());
      });
      const sample = new ByteSample(PAYLOAD_SAMPLE_BYTES);
      sample.add(utf8Length(value), (max) => utf8Encode(value, max));
      runtime.emit(buildFileWrite({ path, bytes: sample.total, entropy: sample.entropy(), op: 'overwrite' }));
    });
    return r;
  });
}

export function installFileHooks(): void {
  hookFileOutputStream();
  hookSharedPreferences();
}

export function flushFiles(): void {
  writes.flushAll();
}

