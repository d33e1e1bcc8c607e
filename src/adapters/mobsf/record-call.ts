// A MobSF API monitor record -> JavaCall. The Frida script sends
//   {name, class, method, arguments: [...], result: retval.toString(), calledFrom, returnValue}
// byte[] arguments arrive as arrays of signed bytes; a byte[] result as "12,-3,4" (Array#toString);
// `returnValue` joins array elements without a separator, so it is used only when `result` is absent.
// There is no time, no thread and no receiver object (so no Cipher mode).
import type { JavaCall } from '../shared/java-call.js';

export function callOfMobsfRecord(rec: Record<string, unknown>, ts: number, line: number): JavaCall | undefined {
  const cls = typeof rec.class === 'string' ? rec.class : '';
  const method = typeof rec.method === 'string' ? rec.method : '';
  if (!cls || !method) return undefined;
  const args = Array.isArray(rec.arguments) ? rec.arguments : rec.arguments === undefined || rec.arguments === null ? [] : [rec.arguments];
  const result = rec.result ?? rec.returnValue;
  return { ts, cls, method, args, result, self: {}, thread: '', at: { line } };
}
