// HTTP requests the report kept outside the hooked calls: droidmon.httpConnections (the request
// line, "GET http://host/path HTTP/1.1") and network.http (requests parsed from the pcap). Each
// is handed once to the first hooked call that opens its URL, giving it a method and a size;
// those left over are sends of their own.
import type { KnownRequest } from '../shared/map-context.js';

export interface Request extends KnownRequest { url: string; body?: string; field: string }

export class KnownRequests {
  private readonly byUrl = new Map<string, Request[]>();

  constructor(droidmon: Record<string, unknown> | undefined, network: Record<string, unknown> | undefined) {
    const conns = Array.isArray(droidmon?.httpConnections) ? droidmon.httpConnections : [];
    conns.forEach((c, i) => {
      const req = typeof c === 'object' && c ? (c as Record<string, unknown>).request : undefined;
      const m = typeof req === 'string' ? /^([A-Z]+)\s+(\S+)/.exec(req) : null;
      if (m) this.add({ url: m[2], method: m[1], bytes: Buffer.byteLength(req as string, 'utf8'), field: `droidmon.httpConnections[${i}]` });
    });
    const http = Array.isArray(network?.http) ? network.http : [];
    http.forEach((h, i) => {
      if (!h || typeof h !== 'object') return;
      const o = h as Record<string, unknown>;
      if (typeof o.host !== 'string' || o.host === '') return;
      const port = Number(o.port);
      const uri = typeof o.uri === 'string' ? o.uri : typeof o.path === 'string' ? o.path : '/';
      const url = /^https?:\/\//.test(uri) ? uri : `http://${o.host}${Number.isInteger(port) && port !== 80 ? ':' + port : ''}${uri.startsWith('/') ? uri : '/' + uri}`;
      const data = typeof o.data === 'string' ? o.data : undefined;
      this.add({
        url, field: `network.http[${i}]`,
        ...(typeof o.method === 'string' ? { method: o.method } : {}),
        ...(data ? { bytes: Buffer.byteLength(data, 'utf8') } : {}),
        ...(typeof o.body === 'string' && o.body ? { body: o.body } : {}),
      });
    });
  }

  private add(r: Request): void {
    const k = normalizeUrl(r.url);
    const list = this.byUrl.get(k);
    if (list) list.push(r); else this.byUrl.set(k, [r]);
  }

  /** the next unclaimed request to this URL */
  take(url: string): Request | undefined {
    const list = this.byUrl.get(normalizeUrl(url));
    return list?.shift();
  }

  /** requests no hooked call claimed */
  leftovers(): Request[] {
    return [...this.byUrl.values()].flat();
  }
}

function normalizeUrl(u: string): string {
  return u.trim().replace(/\/+$/, '').toLowerCase();
}
