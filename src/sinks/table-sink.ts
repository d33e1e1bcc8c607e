// Alerts for people: sorted by severity (highest first) then time; full device and app names
// (a long one wraps onto the next line, never cut); a facets column that shows which of the six
// facets fired and which the telemetry could not show; a footer with the apps analysed, the quiet
// ones, alerts by severity and the command to run next. Rows are held until the end to sort them.
import type { Writable } from 'node:stream';
import type { Alert } from '../model/index.js';
import { FACETS, SEVERITIES } from '../model/index.js';
import type { Sink } from './sink.js';
import { StreamWriter } from './stream-writer.js';
import { isoTime } from '../model/iso-time.js';

const LETTER: Record<(typeof FACETS)[number], string> = { crypto: 'C', key_reuse: 'K', staging: 'S', background: 'B', network: 'N', inconsistency: 'I' };
export const FACET_LEGEND = 'facets: C crypto, K key reuse, S staging, B background, N network, I inventory; letter = fired, lower case = inferred, . = did not, ? = blind (no telemetry for it)';

export interface TableOptions {
  /** `device\u0000app` pairs the run saw (filled while it runs) */
  seenApps?: ReadonlySet<string>;
  /** the command that opens the top alert's incident report */
  next?: (top: Alert) => string;
  /** line width (default 100) */
  width?: number;
}

/** the facets as six letters in a fixed order: fired, inferred (lower case), did not fire (.), or blind (?) */
export function facetCells(a: Alert): string {
  return FACETS.map((f) => (a.facets[f] ? LETTER[f] : a.inferred?.[f] ? LETTER[f].toLowerCase() : a.missing.includes(f) ? '?' : '.')).join(' ');
}

/** `s` in pieces of at most `n` characters, broken after a dot or dash where one is close */
export function wrapName(s: string, n: number): string[] {
  const out: string[] = [];
  let rest = s;
  while (rest.length > n) {
    const cut = Math.max(rest.lastIndexOf('.', n - 1), rest.lastIndexOf('-', n - 1));
    const at = cut >= n / 2 ? cut + 1 : n;
    out.push(rest.slice(0, at));
    rest = rest.slice(at);
  }
  out.push(rest);
  return out;
}

function wrapWords(text: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const w of text.split(' ')) {
    if (line && line.length + 1 + w.length > width) { out.push(line); line = w; } else line = line ? `${line} ${w}` : w;
  }
  if (line) out.push(line);
  return out;
}

const byUrgency = (a: Alert, b: Alert) =>
  SEVERITIES.indexOf(b.severity) - SEVERITIES.indexOf(a.severity) || a.first_ts - b.first_ts || b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export class TableSink implements Sink {
  private readonly w: StreamWriter;
  private readonly alerts: Alert[] = [];
  constructor(out: Writable, private readonly closeStream = false, private readonly o: TableOptions = {}) { this.w = new StreamWriter(out); }

  write(a: Alert): void { this.alerts.push(a); }

  async close(): Promise<void> {
    const rows = [...this.alerts].sort(byUrgency);
    const width = this.o.width ?? 100;
    // names up to these widths sit in their column; longer ones wrap
    const devW = Math.min(30, Math.max(6, ...rows.map((r) => r.device.length)));
    const appW = Math.min(34, Math.max(3, ...rows.map((r) => r.app.length)));
    const line = (sev: string, score: string, time: string, dev: string, app: string, facets: string) =>
      `${sev.padEnd(9)}${score.padEnd(6)}${time.padEnd(21)}${dev.padEnd(devW + 2)}${app.padEnd(appW + 2)}${facets}`.trimEnd();
    if (rows.length) this.w.line(line('SEVERITY', 'SCORE', 'FIRST SEEN (UTC)', 'DEVICE', 'APP', 'FACETS'));
    for (const a of rows) {
      const devs = wrapName(a.device, devW), apps = wrapName(a.app, appW);
      const time = isoTime(a.first_ts).replace('T', ' ').replace(/\.\d+Z$/, '');
      for (let i = 0; i < Math.max(devs.length, apps.length); i++) {
        this.w.line(i === 0
          ? line(a.severity.toUpperCase(), String(a.score), time, devs[0], apps[0], facetCells(a))
          : line('', '', '', devs[i] ?? '', apps[i] ?? '', ''));
      }
      for (const l of wrapWords(`${a.id}: ${a.summary}`, width - 4)) this.w.line('    ' + l);
    }
    for (const l of this.footer(rows)) this.w.line(l);
    await this.w.end(this.closeStream);
  }

  private footer(rows: Alert[]): string[] {
    const out: string[] = [];
    if (rows.length) out.push('', FACET_LEGEND);
    const bySev = [...SEVERITIES].reverse().map((s) => `${rows.filter((r) => r.severity === s).length} ${s}`).join(', ');
    out.push(`${rows.length ? '' : 'no alerts\n'}alerts: ${rows.length} (${bySev})`);
    if (this.o.seenApps) {
      const apps = new Set<string>(), devices = new Set<string>();
      for (const k of this.o.seenApps) { const i = k.indexOf('\u0000'); devices.add(k.slice(0, i)); apps.add(k.slice(i + 1)); }
      const alerted = new Set(rows.map((r) => r.app));
      const quiet = [...apps].filter((a) => !alerted.has(a)).sort();
      out.push(`apps analysed: ${apps.size} on ${devices.size} device(s); quiet (no alert): ${quiet.length}${quiet.length && quiet.length <= 8 ? ` (${quiet.join(', ')})` : ''}`);
    }
    if (rows.length && this.o.next) out.push(`next: ${this.o.next(rows[0])}`);
    return out;
  }
}
