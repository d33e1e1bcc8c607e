// Formatting of figures for people. Pure functions, no DOM.

export const SEVERITIES = ['low', 'medium', 'high', 'critical'];
export const FACETS = ['crypto', 'key_reuse', 'staging', 'background', 'network', 'inconsistency'];
export const STATUSES = ['open', 'acknowledged', 'resolved', 'false_positive'];

export const FACET_LABEL = {
  crypto: 'Encryption',
  key_reuse: 'Key reuse / local key',
  staging: 'Staging of collected data',
  background: 'Background execution',
  network: 'Network send',
  inconsistency: 'Inconsistency with inventory',
};

/** What telemetry would make a missing facet visible. */
export const FACET_NEEDS = {
  crypto: 'crypto.op events (a cipher hook such as the Frida sensor)',
  key_reuse: 'crypto.key events or key_fp on crypto.op (a cipher hook that fingerprints keys)',
  staging: 'data.access and file.write events (data-access and file hooks)',
  background: 'app.state, device.state and user.interaction events (lifecycle telemetry)',
  network: 'net.send events (a VPN/PCAPdroid capture or network hook)',
  inconsistency: 'an approved-app inventory in the policy (apps[]) or app.info events (installer, signer)',
};

export const STATUS_LABEL = {
  open: 'Open',
  acknowledged: 'Acknowledged',
  resolved: 'Resolved',
  false_positive: 'False positive',
};

export const sevRank = (s) => Math.max(0, SEVERITIES.indexOf(s));

const pad = (n, w = 2) => String(n).padStart(w, '0');

/** 2026-01-05 08:07:39Z (UTC, to match device logs and other tools) */
export function fmtTime(ms) {
  if (typeof ms !== 'number' || !Number.isFinite(ms)) return '—';
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}Z`;
}

export function fmtClock(ms, withMs = false) {
  const d = new Date(ms);
  const base = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  return withMs ? `${base}.${pad(d.getUTCMilliseconds(), 3)}` : base;
}

export function fmtDuration(ms) {
  if (!Number.isFinite(ms)) return '—';
  const neg = ms < 0;
  ms = Math.abs(ms);
  let out;
  if (ms < 1000) out = `${Math.round(ms)} ms`;
  else if (ms < 59_500) out = `${(ms / 1000).toFixed(ms < 9_950 ? 1 : 0)} s`;
  else if (ms < 3_570_000) { const s = Math.round(ms / 1000); out = `${Math.floor(s / 60)} min ${s % 60} s`; }
  else { const m = Math.round(ms / 60_000); out = `${Math.floor(m / 60)} h ${m % 60} min`; }
  return neg ? `−${out}` : out;
}

export function fmtBytes(n) {
  if (typeof n !== 'number' || !Number.isFinite(n)) return '—';
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 ** 3) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  return `${(n / 1024 ** 3).toFixed(2)} GB`;
}

export function fmtAgo(ms, now = Date.now()) {
  if (typeof ms !== 'number') return '';
  const d = now - ms;
  if (d < 0) return 'in the future';
  if (d < 60_000) return 'just now';
  if (d < 3_600_000) return `${Math.floor(d / 60_000)} min ago`;
  if (d < 86_400_000) return `${Math.floor(d / 3_600_000)} h ago`;
  return `${Math.floor(d / 86_400_000)} d ago`;
}

/** A facet figure as a short string (arrays joined, objects compact). */
export function fmtFigure(key, v) {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (typeof v === 'number') {
    if (/bytes/.test(key)) return `${fmtBytes(v)} (${v})`;
    if (/^seconds/.test(key)) return `${v} s`;
    return Number.isInteger(v) ? String(v) : String(Math.round(v * 1000) / 1000);
  }
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) {
    if (v.length === 0) return '—';
    if (v.every((x) => typeof x !== 'object' || x === null)) return v.join(', ');
    return v.map((x) => compact(x)).join('; ');
  }
  return compact(v);
}

function compact(o) {
  if (o === null || typeof o !== 'object') return String(o);
  return Object.entries(o).map(([k, v]) => `${k}: ${typeof v === 'object' && v !== null ? JSON.stringify(v) : v}`).join(', ');
}

export const humanKey = (k) => k.replace(/_/g, ' ');
