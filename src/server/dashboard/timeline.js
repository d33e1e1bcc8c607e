// The chain on one time axis: collected data, crypto ops, key uses, staging writes, background
// state and sends, drawn in SVG from the alert's evidence events (and context events when the
// server returns them). Every label is a text node.
import { s, h } from './dom.js';
import { fmtClock, fmtTime, fmtBytes, fmtDuration } from './format.js';

const LANES = [
  { key: 'data', label: 'Collected data', types: ['data.access'] },
  { key: 'crypto', label: 'Crypto ops', types: ['crypto.op'] },
  { key: 'key', label: 'Key use', types: ['crypto.key'] },
  { key: 'staging', label: 'Staging writes', types: ['file.write', 'file.delete'] },
  { key: 'context', label: 'Background state', types: ['app.state', 'device.state', 'user.interaction'] },
  { key: 'network', label: 'Sends', types: ['net.send'] },
];
const LANE_OF = new Map(LANES.flatMap((l) => l.types.map((t) => [t, l.key])));

const LABEL_W = 140;
const LANE_H = 36;
const TOP = 8;
const AXIS_H = 34;
const PAD_R = 16;

const STEPS = [1e3, 2e3, 5e3, 1e4, 15e3, 3e4, 6e4, 12e4, 3e5, 6e5, 9e5, 18e5, 36e5, 72e5, 108e5, 216e5, 432e5, 864e5];

/** One line describing an event for tooltips and the evidence table. */
export function describe(ev) {
  const e = ev.event || ev;
  switch (e.type) {
    case 'data.access': return `read ${e.category}${e.items !== undefined ? `, ${e.items} items` : ''}${e.bytes !== undefined ? `, ${fmtBytes(e.bytes)}` : ''}`;
    case 'crypto.op': return `${e.dir} ${e.alg}${e.mode ? `/${e.mode}` : ''}${e.in_bytes !== undefined ? `, ${fmtBytes(e.in_bytes)} in` : ''}${e.out_bytes !== undefined ? `, ${fmtBytes(e.out_bytes)} out` : ''}${e.key_fp ? `, key ${String(e.key_fp).slice(0, 8)}…` : ''}`;
    case 'crypto.key': return `key ${String(e.key_fp).slice(0, 8)}… ${e.alg}${e.bits ? ` ${e.bits}-bit` : ''}, origin ${e.origin || 'unknown'}${e.hw_backed ? ', hardware-backed' : ''}`;
    case 'file.write': return `wrote ${e.path} (${fmtBytes(e.bytes)}${e.entropy !== undefined ? `, entropy ${e.entropy}` : ''})`;
    case 'file.delete': return `deleted ${e.path}`;
    case 'app.state': return `app ${e.state}`;
    case 'device.state': return `device${e.screen ? ` screen ${e.screen}` : ''}${e.locked !== undefined ? (e.locked ? ', locked' : ', unlocked') : ''}`;
    case 'user.interaction': return 'user interaction';
    case 'net.send': {
      const dst = `${e.dst_host || e.dst_ip}${e.dst_port !== undefined ? `:${e.dst_port}` : ''}`;
      const p = e.payload || {};
      return `sent ${fmtBytes(e.bytes_out)} to ${dst}${e.proto ? ` (${e.proto}${e.tls === false ? ', no TLS' : e.tls ? ', TLS' : ''})` : ''}${p.format ? `, ${p.format}` : ''}${p.entropy !== undefined ? `, entropy ${p.entropy}` : ''}${p.b64_fields ? `, ${p.b64_fields} base64 field(s)` : ''}`;
    }
    case 'app.info': return `app info${e.installer ? `, installer ${e.installer}` : ''}${e.signer ? `, signer ${String(e.signer).slice(0, 12)}…` : ''}`;
    default: return e.type;
  }
}

function niceStep(span, px) {
  const want = span / Math.max(1, px / 110);
  return STEPS.find((st) => st >= want) ?? Math.ceil(want / 864e5) * 864e5;
}

/**
 * @param alert AlertView
 * @param events [{id, ts, type, event}] evidence (+ context) events, any order
 * @param opts {width, onSelect(id)}
 */
export function renderTimeline(alert, events, opts = {}) {
  const width = Math.max(640, Math.floor(opts.width || 900));
  const evs = events.filter((e) => typeof e.ts === 'number').slice().sort((a, b) => a.ts - b.ts);
  let t0 = Math.min(alert.first_ts, ...evs.map((e) => e.ts));
  let t1 = Math.max(alert.last_ts, ...evs.map((e) => e.ts));
  if (!Number.isFinite(t0) || !Number.isFinite(t1)) { t0 = Date.now(); t1 = t0 + 1; }
  const span0 = Math.max(t1 - t0, 1000);
  t0 -= span0 * 0.03; t1 += span0 * 0.03;
  const span = t1 - t0;
  const plotW = width - LABEL_W - PAD_R;
  const x = (t) => LABEL_W + ((t - t0) / span) * plotW;
  const laneY = (i) => TOP + i * LANE_H;
  const height = TOP + LANES.length * LANE_H + AXIS_H;

  const svg = s('svg', {
    class: 'timeline', width: String(width), height: String(height), viewBox: `0 0 ${width} ${height}`,
    role: 'img', 'aria-label': `Timeline of the chain from ${fmtTime(alert.first_ts)} to ${fmtTime(alert.last_ts)}`,
  });
  svg.append(s('title', { text: 'Chain timeline (UTC)' }));

  // lanes and labels
  LANES.forEach((lane, i) => {
    const y = laneY(i);
    svg.append(
      s('rect', { class: ['lane-bg', i % 2 ? 'odd' : 'even'], x: String(LABEL_W), y: String(y), width: String(plotW), height: String(LANE_H) }),
      s('text', { class: 'lane-label', x: String(LABEL_W - 8), y: String(y + LANE_H / 2 + 4), 'text-anchor': 'end', text: lane.label }));
  });

  // axis
  const axisY = TOP + LANES.length * LANE_H;
  const step = niceStep(span, plotW);
  const axis = s('g', { class: 'axis' });
  axis.append(s('line', { x1: String(LABEL_W), x2: String(LABEL_W + plotW), y1: String(axisY), y2: String(axisY) }));
  for (let t = Math.ceil(t0 / step) * step; t <= t1; t += step) {
    const xx = x(t);
    axis.append(
      s('line', { class: 'grid', x1: String(xx), x2: String(xx), y1: String(TOP), y2: String(axisY + 4) }),
      s('text', { x: String(xx), y: String(axisY + 16), 'text-anchor': 'middle', text: fmtClock(t) }));
  }
  svg.append(axis);

  // chain start / end
  for (const [t, label] of [[alert.first_ts, 'chain start'], [alert.last_ts, 'last evidence']]) {
    svg.append(s('line', { class: 'chain-edge', x1: String(x(t)), x2: String(x(t)), y1: String(TOP), y2: String(axisY) },
      s('title', { text: `${label} ${fmtTime(t)}` })));
  }

  // background state: segments between app.state / device.state changes
  const ctxLane = LANES.findIndex((l) => l.key === 'context');
  const cy = laneY(ctxLane);
  const appStates = evs.filter((e) => e.type === 'app.state');
  const devStates = evs.filter((e) => e.type === 'device.state');
  appStates.forEach((e, i) => {
    const st = (e.event || {}).state || '?';
    const end = i + 1 < appStates.length ? appStates[i + 1].ts : t1;
    svg.append(s('rect', {
      class: ['state', st === 'foreground' ? 'fg' : 'hidden'], x: String(x(e.ts)), y: String(cy + 6),
      width: String(Math.max(1, x(end) - x(e.ts))), height: '12', dataset: { ev: e.id },
    }, s('title', { text: `${fmtTime(e.ts)} app ${st} (${fmtDuration(end - e.ts)})` })));
  });
  devStates.forEach((e, i) => {
    const ev = e.event || {};
    const end = i + 1 < devStates.length ? devStates[i + 1].ts : t1;
    const dark = ev.locked === true || ev.screen === 'off';
    svg.append(s('rect', {
      class: ['state', 'device', dark ? 'locked' : 'unlocked'], x: String(x(e.ts)), y: String(cy + 21),
      width: String(Math.max(1, x(end) - x(e.ts))), height: '7', dataset: { ev: e.id },
    }, s('title', { text: `${fmtTime(e.ts)} ${describe(e)}` })));
  });
  if (!appStates.length && !devStates.length) {
    // the evidence holds no state events: show what the background facet established
    const bg = alert.facets && alert.facets.background;
    const text = bg
      ? [Array.isArray(bg.app_states) && bg.app_states.length ? `app ${bg.app_states.join('/')}` : null,
        bg.locked ? 'device locked' : null, bg.screen === 'off' ? 'screen off' : null,
        typeof bg.hidden_moments === 'number' ? `${bg.hidden_moments}/${bg.moments} moments hidden` : null].filter(Boolean).join(' · ')
      : (alert.missing || []).includes('background') ? 'no lifecycle telemetry (missing)' : 'not in the evidence';
    const hidden = bg && bg.strength > 0;
    svg.append(s('rect', {
      class: ['state', 'summary', hidden ? 'hidden' : 'unknown'], x: String(x(alert.first_ts)), y: String(cy + 6),
      width: String(Math.max(2, x(alert.last_ts) - x(alert.first_ts))), height: '12',
    }, s('title', { text: `background facet: ${bg ? bg.why : text}` })));
    svg.append(s('text', { class: 'lane-note', x: String(x(alert.first_ts) + 4), y: String(cy + 31), text: text || '' }));
  }

  // key colours: one per fingerprint, in order of first use
  const keyIdx = new Map();
  for (const e of evs) {
    const fp = (e.event || {}).key_fp;
    if (fp && !keyIdx.has(fp)) keyIdx.set(fp, keyIdx.size);
  }
  const maxSend = Math.max(1, ...evs.filter((e) => e.type === 'net.send').map((e) => (e.event || {}).bytes_out || 0));

  const marks = s('g', { class: 'marks' });
  const mark = (laneKey, e, shape) => {
    const li = LANES.findIndex((l) => l.key === laneKey);
    const g = s('g', { class: ['ev', `lane-${laneKey}`], tabindex: '0', dataset: { ev: e.id || '', type: e.type } },
      s('title', { text: `${fmtTime(e.ts)} · ${e.id || ''}\n${describe(e)}` }), shape(laneY(li) + LANE_H / 2));
    g.addEventListener('click', () => opts.onSelect && opts.onSelect(e.id));
    g.addEventListener('keydown', (k) => { if (k.key === 'Enter' && opts.onSelect) opts.onSelect(e.id); });
    marks.append(g);
  };

  for (const e of evs) {
    const ev = e.event || {};
    const xx = x(e.ts);
    switch (e.type) {
      case 'data.access':
        mark('data', e, (y) => s('circle', { class: 'data', cx: String(xx), cy: String(y), r: '5' }));
        break;
      case 'crypto.op':
        mark('crypto', e, (y) => s('rect', { class: ['op', ev.dir === 'decrypt' ? 'decrypt' : 'encrypt'], x: String(xx - 4), y: String(y - 8), width: '8', height: '16' }));
        if (ev.key_fp) {
          const k = keyIdx.get(ev.key_fp) % 6;
          mark('key', e, (y) => s('line', { class: ['key-use', `key-${k}`], x1: String(xx), x2: String(xx), y1: String(y - 9), y2: String(y + 9) }));
        }
        break;
      case 'crypto.key': {
        const k = (keyIdx.get(ev.key_fp) ?? 0) % 6;
        mark('key', e, (y) => s('path', { class: ['key-load', `key-${k}`], d: `M${xx} ${y - 8} L${xx + 7} ${y} L${xx} ${y + 8} L${xx - 7} ${y} Z` }));
        break;
      }
      case 'file.write':
        mark('staging', e, (y) => s('rect', { class: ['write', (ev.entropy ?? 0) >= 7.2 ? 'hi' : 'lo'], x: String(xx - 5), y: String(y - 6), width: '10', height: '12' }));
        break;
      case 'file.delete':
        mark('staging', e, (y) => s('path', { class: 'delete', d: `M${xx - 5} ${y - 5} L${xx + 5} ${y + 5} M${xx + 5} ${y - 5} L${xx - 5} ${y + 5}` }));
        break;
      case 'user.interaction':
        mark('context', e, (y) => s('line', { class: 'touch', x1: String(xx), x2: String(xx), y1: String(y - 14), y2: String(y - 6) }));
        break;
      case 'net.send': {
        const r = 3 + 7 * Math.sqrt((ev.bytes_out || 0) / maxSend);
        mark('network', e, (y) => s('circle', { class: ['send', ev.tls === false ? 'cleartext' : 'tls'], cx: String(xx), cy: String(y), r: r.toFixed(1) }));
        break;
      }
      default:
        break;
    }
  }
  svg.append(marks);

  const counts = {};
  for (const e of evs) { const l = LANE_OF.get(e.type); if (l) counts[l] = (counts[l] || 0) + 1; }
  const legend = h('ul', { class: 'legend' },
    h('li', null, h('span', { class: 'sw data' }), 'data read'),
    h('li', null, h('span', { class: 'sw encrypt' }), 'encrypt'),
    h('li', null, h('span', { class: 'sw decrypt' }), 'decrypt'),
    h('li', null, h('span', { class: 'sw key-0' }), `key use (${keyIdx.size} key${keyIdx.size === 1 ? '' : 's'}, one colour each)`),
    h('li', null, h('span', { class: 'sw write' }), 'file write (dark: high entropy)'),
    h('li', null, h('span', { class: 'sw hidden' }), 'out of the foreground / locked'),
    h('li', null, h('span', { class: 'sw send' }), 'send (size ∝ bytes; red: no TLS)'),
    h('li', { class: 'muted' }, `UTC, ${fmtTime(t0).slice(0, 10)}; span ${fmtDuration(t1 - t0)}`));

  return { svg, legend, counts };
}
