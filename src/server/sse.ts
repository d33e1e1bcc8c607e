// Server-sent events hub: every client gets each stored alert version, status change and policy
// change; a comment line every `heartbeatMs` keeps proxies and the browser's EventSource alive.
const enc = new TextEncoder();

interface Client { send(chunk: string): void; close(): void }

export class SseHub {
  private readonly clients = new Set<Client>();
  private readonly heartbeat: NodeJS.Timeout;

  constructor(heartbeatMs = 15_000) {
    this.heartbeat = setInterval(() => this.write(': ping\n\n'), heartbeatMs);
    this.heartbeat.unref();
  }

  get size(): number { return this.clients.size; }

  /** A response body for one client; `first` is written before anything else (resume replay). */
  open(first: string[], signal: AbortSignal): ReadableStream<Uint8Array> {
    let client: Client | undefined;
    const remove = () => { if (client) { this.clients.delete(client); client = undefined; } };
    return new ReadableStream<Uint8Array>({
      start: (controller) => {
        const c: Client = {
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
    for (const c of [...this.clients]) c.send(chunk);
  }

  close(): void {
    clearInterval(this.heartbeat);
    for (const c of [...this.clients]) c.close();
    this.clients.clear();
  }
}
