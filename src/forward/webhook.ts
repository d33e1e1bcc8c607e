// HTTPS (or loopback HTTP) POST of one alert version per request. 2xx is delivery; 408, 429, 502,
// 503, 504 and network errors are an outage (retried); any other status is a rejection.
// Headers carry the id and rev so a receiver de-duplicates without parsing the body.
import type { Clock } from './clock.js';
import type { Message, Outcome, Transport } from './transport.js';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, signature } from './sign.js';

const RETRY_STATUS = new Set([408, 429, 502, 503, 504]);

export interface WebhookOptions {
  url: string;
  contentType: string;
  secret?: Buffer;
  /** Authorization header value */
  authorization?: string;
  timeoutMs?: number;
  clock: Clock;
}

export class WebhookTransport implements Transport {
  readonly batchMax = 1;
  private readonly abort = new AbortController();
  constructor(private readonly o: WebhookOptions) {}

  async send([m]: Message[]): Promise<Outcome> {
    const headers: Record<string, string> = {
      'content-type': this.o.contentType,
      'user-agent': 'ciphertrail-forward/1',
      'x-ciphertrail-alert-id': m.alert.id,
      'x-ciphertrail-alert-rev': String(m.alert.rev),
      'x-ciphertrail-final': String(m.final),
    };
    if (this.o.secret) {
      const ts = Math.floor(this.o.clock.now() / 1000);
      headers[TIMESTAMP_HEADER] = String(ts);
      headers[SIGNATURE_HEADER] = signature(this.o.secret, ts, m.text);
    }
    if (this.o.authorization) headers.authorization = this.o.authorization;
    try {
      const res = await fetch(this.o.url, {
        method: 'POST', body: m.text, headers, redirect: 'error',
        signal: AbortSignal.any([this.abort.signal, AbortSignal.timeout(this.o.timeoutMs ?? 10_000)]),
      });
      await res.arrayBuffer().catch(() => undefined);
      if (res.ok) return { ok: true };
      return { ok: false, kind: RETRY_STATUS.has(res.status) ? 'unavailable' : 'rejected', reason: `HTTP ${res.status}` };
    } catch (e) {
      // a redirect is not followed (it would resend the body elsewhere): the URL is wrong, not down
      if (/redirect/i.test(String((e as { cause?: { message?: string } }).cause?.message))) return { ok: false, kind: 'rejected', reason: 'redirect (not followed)' };
      return { ok: false, kind: 'unavailable', reason: networkReason(e) };
    }
  }

  async close(): Promise<void> { this.abort.abort(); }
}

/** ECONNREFUSED, timeout… without the URL (its path may be a secret) */
function networkReason(e: unknown): string {
  const err = e as { name?: string; cause?: { code?: string; name?: string } };
  if (err.name === 'TimeoutError') return 'timeout';
  if (err.name === 'AbortError') return 'aborted';
  return err.cause?.code ?? err.cause?.name ?? err.name ?? 'network error';
}
