// A droidmon record (one JSON line of droidmon.log, or one entry of CuckooDroid's
// droidmon.threads_tree) -> JavaCall. Both carry class, method, args, result, type and `this`;
// reflective calls are logged as Method.invoke with the real target in hooked_class/hooked_method;
// FileOutputStream.write / FileInputStream.read put their data in `buffer`.
import type { JavaCall } from './java-call.js';
import { selfOfDroidmon } from './java-call.js';

export function callOfDroidmonRecord(rec: Record<string, unknown>, ts: number, at: JavaCall['at'], thread?: string): JavaCall | undefined {
  let cls = typeof rec.class === 'string' ? rec.class : '';
  let method = typeof rec.method === 'string' ? rec.method : '';
  if (cls === 'java.lang.reflect.Method' && method === 'invoke' && typeof rec.hooked_method === 'string') {
    cls = typeof rec.hooked_class === 'string' ? rec.hooked_class : '';
    method = rec.hooked_method;
  }
  if (method === '') return undefined;
  let args: unknown[] = Array.isArray(rec.args) ? rec.args : rec.args === undefined || rec.args === null ? [] : [rec.args];
  if (args.length === 0 && rec.buffer !== undefined) args = [rec.buffer];
  const tid = thread ?? (rec.thread_id !== undefined ? String(rec.thread_id) : '');
  return { ts, cls, method, args, result: rec.result, self: selfOfDroidmon(rec.this), thread: tid, at };
}
