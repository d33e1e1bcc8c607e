// Network and SMS hooks -> net.send. A URL seen by several hooks of one connection (proxy
// selection, openConnection, getInputStream) is one send. bytes_out is the request size when the
// report kept it (or a POST body), else absent (unknown): these hooks do not see the bytes written.
// Identifiers in a body or an SMS text (IMEI, phone number, e-mail) are reads of their category.
import type { JavaCall } from './java-call.js';
import { textOf } from './java-call.js';
import type { MapContext, ThreadState } from './map-context.js';
import { findUrl, targetOfSocket, targetOfUrl, type NetTarget } from './net-target.js';
import { featuresOfBody, featuresOfQuery } from './payload-features.js';
import { emitIdentifierReads } from './identifiers.js';

/** hooks whose URL is the connection's destination */
const URL_HOOKS = new Set([
  'java.net.URL.openConnection', 'java.net.URL.openStream',
  'java.net.ProxySelectorImpl.select', 'java.net.ProxySelector.select', 'sun.net.spi.DefaultProxySelector.select',
  'com.android.okhttp.internal.huc.HttpURLConnectionImpl.getInputStream', 'com.android.okhttp.internal.http.HttpURLConnectionImpl.getInputStream',
  'com.android.okhttp.internal.huc.HttpURLConnectionImpl.connect', 'com.android.okhttp.internal.huc.HttpURLConnectionImpl.getOutputStream',
  'libcore.net.http.HttpURLConnectionImpl.getInputStream', 'libcore.net.http.HttpURLConnectionImpl.connect',
  'org.apache.http.impl.client.AbstractHttpClient.execute',
  'android.webkit.WebView.loadUrl',
]);
/** the same connection seen by another hook within this many calls on the thread is not a new send */
const SAME_CONNECTION_CALLS = 3;

export function mapNetCall(c: JavaCall, t: ThreadState, x: MapContext): boolean {
  const key = `${c.cls}.${c.method}`;
  if (key === 'android.telephony.SmsManager.sendTextMessage' || key === 'android.telephony.SmsManager.sendMultipartTextMessage' || key === 'android.telephony.SmsManager.sendDataMessage') {
    onSms(c, x);
    return true;
  }
  if (key === 'android.webkit.WebView.postUrl') {
    const url = typeof c.args[0] === 'string' ? c.args[0] : undefined;
    if (url) sendTo(url, c, t, x, { method: 'POST', body: x.opts.decode(c.args[1]) });
    return true;
  }
  if (!URL_HOOKS.has(key)) return false;
  const url = c.self.url ?? findUrl(textOf(c.args)) ?? findUrl(textOf(c.result)) ?? socketUri(c.args[0]);
  if (url) sendTo(url, c, t, x, {});
  return true;
}

function socketUri(v: unknown): string | undefined {
  return typeof v === 'string' && /^socket:\/\//i.test(v) ? v : undefined;
}

function targetOf(url: string): NetTarget | undefined {
  const s = /^socket:\/\/\[?([^\]/]+?)\]?:(\d+)/i.exec(url);
  return s ? targetOfSocket(s[1], Number(s[2])) : targetOfUrl(url);
}

function sendTo(url: string, c: JavaCall, t: ThreadState, x: MapContext, extra: { method?: string; body?: Uint8Array }): void {
  if (t.lastUrl && t.lastUrl.url === url && t.index - t.lastUrl.index <= SAME_CONNECTION_CALLS) { t.lastUrl.index = t.index; return; }
  const target = targetOf(url);
  if (!target) return;
  t.lastUrl = { url, index: t.index };
  emitSend(x, c.ts, target, { ...x.opts.requestFor?.(url), ...(extra.method ? { method: extra.method } : {}) }, extra.body);
}

/** one net.send for a destination; shared with report summaries (CuckooDroid connected_urls) */
export function emitSend(x: MapContext, ts: number, target: NetTarget, req: { method?: string; bytes?: number }, body?: Uint8Array): void {
  const { query, ...dest } = target;
  const payload = body && body.length ? featuresOfBody(body) : query ? featuresOfQuery(query) : undefined;
  const bytes = req.bytes ?? body?.length;
  x.seenDestinations.add(dest.dst_host ?? dest.dst_ip ?? '');
  emitIdentifierReads(x.sink, ts, body);
  x.sink.emit(ts, 'net.send', { ...dest, ...(bytes !== undefined ? { bytes_out: bytes } : {}), ...(req.method ? { method: req.method } : {}), ...(payload ? { payload } : {}) });
}

/** SMS is a channel out of the device: destination `sms:<number>`, bytes of the message */
function onSms(c: JavaCall, x: MapContext): void {
  const dest = c.args[0];
  if (typeof dest !== 'string' || dest === '') return;
  // sendTextMessage(dest, sc, text, ...), sendMultipartTextMessage(dest, sc, parts, ...), sendDataMessage(dest, sc, port, data, ...);
  // droidmon logs only (dest, text)
  const msg = c.method === 'sendDataMessage' ? c.args[3] : c.args.length >= 3 ? c.args[2] : c.args[1];
  const text = Array.isArray(msg) && msg.every((m) => typeof m === 'string') ? msg.join('') : msg;
  const bytes = typeof text === 'string' && c.method !== 'sendDataMessage' ? Uint8Array.from(Buffer.from(text, 'utf8')) : x.opts.decode(text);
  x.seenDestinations.add(`sms:${dest}`);
  emitIdentifierReads(x.sink, c.ts, bytes);
  x.sink.emit(c.ts, 'net.send', {
    dst_host: `sms:${dest}`, proto: 'sms', ...(bytes ? { bytes_out: bytes.length } : {}),
    ...(bytes && bytes.length ? { payload: featuresOfBody(bytes) } : {}),
  });
}
