// Getters of device identifiers, location, accounts, installed apps, and content provider
// queries -> data.access. Getter results give `bytes` (their length), never their value.
import type { JavaCall } from './java-call.js';
import { textOf } from './java-call.js';
import type { MapContext } from './map-context.js';
import { categoryOfApi, categoryOfAuthority, categoryOfContentUri, isAndroidIdRead } from './data-categories.js';

const QUERY = new Set(['android.content.ContentResolver.query', 'android.content.ContentProviderClient.query']);
const AUTHORITY_REPR = /authority'?"?\s*:\s*\{\s*u?['"]encoded['"]\s*:\s*u?['"]([^'"]+)['"]/;

export function mapDataCall(c: JavaCall, x: MapContext): boolean {
  if (QUERY.has(`${c.cls}.${c.method}`)) { onQuery(c, x); return true; }
  const category = isAndroidIdRead(c.cls, c.method, c.args) ? 'device_info' : categoryOfApi(c.cls, c.method);
  if (!category) return false;
  const body: Record<string, unknown> = { category };
  if (category === 'device_info') {
    body.items = 1;
    if (typeof c.result === 'string') body.bytes = Buffer.byteLength(c.result, 'utf8');
  }
  x.sink.emit(c.ts, 'data.access', body);
  return true;
}

/** content://sms/inbox, or droidmon's repr of a Uri: {u'authority': {u'encoded': u'sms', ...} */
function onQuery(c: JavaCall, x: MapContext): void {
  const arg = textOf(c.args[0]);
  const uri = /content:\/\/[^\s"'\],]+/.exec(arg)?.[0];
  const category = (uri ? categoryOfContentUri(uri) : undefined) ?? (AUTHORITY_REPR.exec(arg)?.[1] ? categoryOfAuthority(AUTHORITY_REPR.exec(arg)![1]) : undefined);
  if (category) x.sink.emit(c.ts, 'data.access', { category });
}
