// Client-side cache of alerts (latest version of each), fed by list fetches and the live stream.

export const statusOf = (a) => (a && typeof a.status === 'string' ? a.status : 'open');

const FRESH_MS = 20_000;

export class AlertStore {
  constructor() {
    this.alerts = new Map();
    this.freshAt = new Map();
    this.listeners = new Set();
  }

  /** Keeps the highest rev of each id; returns true when the cache changed. */
  upsert(a, { quiet = false } = {}) {
    if (!a || typeof a.id !== 'string' || typeof a.severity !== 'string') return false;
    const old = this.alerts.get(a.id);
    if (old && (old.rev ?? 0) > (a.rev ?? 0)) return false;
    if (old && old.rev === a.rev && (old.updated_at ?? 0) >= (a.updated_at ?? 0) && statusOf(old) === statusOf(a)) return false;
    // a stream version can be older than a status change seen meanwhile: keep the newer status
    if (old && old.status_at && !(a.status_at >= old.status_at)) a = { ...a, status: old.status, status_at: old.status_at };
    this.alerts.set(a.id, a);
    if (!quiet) {
      this.freshAt.set(a.id, Date.now());
      this.emit({ type: 'alert', alert: a, isNew: !old });
    }
    return true;
  }

  /** An SSE `status` event or a POST reply. */
  setStatus(change) {
    const a = this.alerts.get(change.id);
    if (a) this.alerts.set(change.id, { ...a, status: change.status, status_at: change.at ?? Date.now() });
    this.emit({ type: 'status', change });
  }

  isFresh(id) {
    const t = this.freshAt.get(id);
    return t !== undefined && Date.now() - t < FRESH_MS;
  }

  subscribe(fn) {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  emit(ev) {
    for (const fn of [...this.listeners]) {
      try { fn(ev); } catch (e) { console.error(e); }
    }
  }
}
