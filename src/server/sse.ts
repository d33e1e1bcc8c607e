// Server-sent events hub: every client gets each stored alert version, status change and policy
// change; a comment line every `heartbeatMs` keeps proxies and the browser's EventSource alive.
// A token can be revoked while its streams are open (by `token revoke` in another process): every
// write first ends the streams whose token is no longer active, so they carry nothing more and
// an idle stream ends within one heartbeat.
const enc = new TextEncoder();

interface Client { token: string | undefined; send(chunk: string): void; close(): void }

export class SseHub {
  private readonly clients = new Set<Client>();
  private readonly heartbeat: NodeJS.Timeout;

  constructor(heartbeatMs = 15_000, private readonly tokenActive: (id: string) => boolean = () => true) {
    this.heartbeat = setInterval(() => this.write(': ping\n\n'), heartbeatMs);
    this.heartbeat.unref();
  }

  get size(): number { return this.clients.size; }

  /** A response body for one client; `first` is written before anything else (resume replay);
   *  `token` is the id of the token it was opened with. */
  open(first: string[], signal: AbortSignal, token?: string): ReadableStream<Uint8Array> {
    let client: Client | undefined;
    const remove = () => { if (client) { this.clients.delete(client); client = undefined; } };
    return new ReadableStream<Uint8Array>({
      start: (controller) => {
        const c: Client = {
          token,
          send: (chunk) => { try { controller.enqueue(enc.encode(chunk)); } catch { remove(); } },
          close: () => { remove(); try { controller.close(); } catch { /* already closed */ } },
        };
        client = c;
        c.send('retry: 3000\n\n');
        for (const f of first) c.send(f);
        this.clients.add(c);
        if (signal.aborted) remove();
        else signal.addEventListener('abort', () => c.close(), { once: true });
      },
      cancel: () => remove(),
    });
  }

  /** `event: NAME` with JSON data (one line: JSON.stringify never emits raw newlines) */
  publish(event: string, data: unknown, id?: number): void {
    this.write(SseHub.format(event, data, id));
  }

  static format(event: string, data: unknown, id?: number): string {
    return `${id !== undefined ? `id: ${id}\n` : ''}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
  }

  private write(chunk: string): void {
    const active = new Map<string, boolean>();
    for (const c of [...this.clients]) {
      if (c.token !== undefined) {
        let ok = active.get(c.token);
        if (ok === undefined) { ok = this.tokenActive(c.token); active.set(c.token, ok); }
        if (!ok) { c.close(); continue; }
      }
      c.send(chunk);
    }
  }

  close(): void {
    clearInterval(this.heartbeat);
    for (const c of [...this.clients]) c.close();
    this.clients.clear();
  }
}
