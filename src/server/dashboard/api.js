// The HTTP API (src/server/API.md): bearer-token requests and the live stream.
// The stream is read with fetch() rather than EventSource so that the token travels in the
// Authorization header, never in a URL (URLs end up in logs, history and Referer headers).

const TOKEN_KEY = 'ciphertrail.token';

export class ApiError extends Error {
  constructor(status, message, body) {
    super(message);
    this.status = status;
    this.body = body;
  }
}

export const tokenStore = {
  get: () => sessionStorage.getItem(TOKEN_KEY) || '',
  set: (t) => sessionStorage.setItem(TOKEN_KEY, t),
  clear: () => sessionStorage.removeItem(TOKEN_KEY),
};

export class Api {
  constructor(token, onUnauthorized) {
    this.token = token;
    this.onUnauthorized = onUnauthorized || (() => {});
  }

  headers(extra) {
    return { Authorization: `Bearer ${this.token}`, Accept: 'application/json', ...extra };
  }

  async request(method, path, body) {
    let res;
    try {
      res = await fetch(path, {
        method,
        headers: this.headers(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        body: body !== undefined ? JSON.stringify(body) : undefined,
        cache: 'no-store',
        credentials: 'omit',
      });
    } catch (e) {
      throw new ApiError(0, `server unreachable (${e.message})`);
    }
    const text = await res.text();
    let data = null;
    try { data = text ? JSON.parse(text) : null; } catch { data = null; }
    if (!res.ok) {
      if (res.status === 401) this.onUnauthorized();
      const msg = (data && (data.message || data.error)) || text.slice(0, 200) || res.statusText;
      throw new ApiError(res.status, `${res.status}: ${typeof msg === 'string' ? msg : JSON.stringify(msg)}`, data);
    }
    return data;
  }

  get(path) { return this.request('GET', path); }
  post(path, body) { return this.request('POST', path, body); }

  /** All alerts matching the filters, following `next` cursors up to `cap` alerts. */
  async listAlerts(filters = {}, cap = 5000) {
    const out = [];
    let cursor = null;
    for (let page = 0; page < 100; page++) {
      const q = new URLSearchParams();
      for (const [k, v] of Object.entries(filters)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
      q.set('limit', '500');
      if (cursor) q.set('cursor', cursor);
      const data = await this.get(`/v1/alerts?${q}`);
      const alerts = (data && Array.isArray(data.alerts)) ? data.alerts : [];
      out.push(...alerts);
      cursor = data && data.next;
      if (!cursor || alerts.length === 0 || out.length >= cap) break;
    }
    return { alerts: out, truncated: !!cursor };
  }

  getAlert(id) { return this.get(`/v1/alerts/${encodeURIComponent(id)}`); }

  /** The incident report as a file: { blob, filename } (GET /v1/alerts/:id/report). */
  async getReport(id, format) {
    const res = await fetch(`/v1/alerts/${encodeURIComponent(id)}/report?format=${encodeURIComponent(format)}`, {
      headers: { Authorization: `Bearer ${this.token}` }, cache: 'no-store', credentials: 'omit',
    });
    if (!res.ok) {
      if (res.status === 401) this.onUnauthorized();
      throw new ApiError(res.status, `${res.status}: ${(await res.text()).slice(0, 200)}`);
    }
    const m = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') || '');
    return { blob: await res.blob(), filename: m ? m[1] : `${id}.${format}` };
  }

  setStatus(id, status, comment) {
    return this.post(`/v1/alerts/${encodeURIComponent(id)}/status`, { status, comment });
  }

  /**
   * Follows GET /v1/stream (text/event-stream) until stop() is called, reconnecting with
   * Last-Event-ID after errors. onMessage({event, data, id}); onState('live'|'connecting'|'down'|'unauthorized').
   */
  stream(onMessage, onState) {
    let stopped = false;
    let controller = null;
    let lastId = null;
    let retry = 2000;
    let failures = 0;

    const loop = async () => {
      while (!stopped) {
        onState('connecting');
        controller = new AbortController();
        try {
          const headers = this.headers({ Accept: 'text/event-stream' });
          if (lastId !== null) headers['Last-Event-ID'] = lastId;
          const res = await fetch('/v1/stream', { headers, signal: controller.signal, cache: 'no-store', credentials: 'omit' });
          if (res.status === 401 || res.status === 403) {
            onState('unauthorized');
            if (res.status === 401) this.onUnauthorized();
            return;
          }
          if (!res.ok || !res.body) throw new Error(`stream: HTTP ${res.status}`);
          onState('live');
          failures = 0;
          await readEvents(res.body, (m) => {
            if (m.id !== undefined) lastId = m.id;
            if (m.retry !== undefined) retry = m.retry;
            else if (m.data !== undefined) onMessage(m);
          });
          if (!stopped) throw new Error('stream ended');
        } catch (e) {
          if (stopped) return;
          failures++;
          onState('down');
          await sleep(Math.min(30_000, retry * Math.min(failures, 5)));
        }
      }
    };
    loop();
    return { stop: () => { stopped = true; if (controller) controller.abort(); } };
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** text/event-stream parser (WHATWG HTML §9.2). */
async function readEvents(body, dispatch) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buf = '';
  let data = [];
  let event = '';
  let id;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buf += value;
    let m;
    while ((m = /\r\n|\r|\n/.exec(buf)) !== null) {
      // a lone \r at the end of the buffer may be the first half of \r\n: wait for more
      if (m[0] === '\r' && m.index === buf.length - 1) break;
      const line = buf.slice(0, m.index);
      buf = buf.slice(m.index + m[0].length);
      if (line === '') {
        if (data.length) dispatch({ event: event || 'message', data: data.join('\n'), id });
        else if (id !== undefined) dispatch({ id });
        data = []; event = ''; id = undefined;
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      let val = colon < 0 ? '' : line.slice(colon + 1);
      if (val.startsWith(' ')) val = val.slice(1);
      if (field === 'data') data.push(val);
      else if (field === 'event') event = val;
      else if (field === 'id') { if (!val.includes('\0')) id = val; }
      else if (field === 'retry' && /^\d+$/.test(val)) dispatch({ retry: Number(val) });
    }
  }
}
