// Raw DroidBox logcat (`adb logcat DroidBox:W …`, as AndroPyTool keeps it next to its JSON): each
// DroidBox record is one logcat line whose message is "DroidBox: {json}", among ordinary logcat
// lines. This rebuilds the JSON document DroidBox's own droidbox.py builds from those lines
// (categories keyed by seconds since the start), so the DroidBox mapping applies unchanged.
// Time: the logcat time prefix (`-v time`/`threadtime`: "MM-DD HH:MM:SS.mmm") when the lines have
// one, else one record every 100 ms in line order (DroidBox itself stamps the host's read time).
import type { Issue } from '../../model/index.js';

/** TaintDroid's tag bits, as DroidBox names them (droidbox.py `tags`) */
const TAINT_TAGS: [number, string][] = [
  [0x1, 'TAINT_LOCATION'], [0x2, 'TAINT_CONTACTS'], [0x4, 'TAINT_MIC'], [0x8, 'TAINT_PHONE_NUMBER'],
  [0x10, 'TAINT_LOCATION_GPS'], [0x20, 'TAINT_LOCATION_NET'], [0x40, 'TAINT_LOCATION_LAST'], [0x80, 'TAINT_CAMERA'],
  [0x100, 'TAINT_ACCELEROMETER'], [0x200, 'TAINT_SMS'], [0x400, 'TAINT_IMEI'], [0x800, 'TAINT_IMSI'],
  [0x1000, 'TAINT_ICCID'], [0x2000, 'TAINT_DEVICE_SN'], [0x4000, 'TAINT_ACCOUNT'], [0x8000, 'TAINT_BROWSER'],
  [0x10000, 'TAINT_OTHERDB'], [0x20000, 'TAINT_FILECONTENT'], [0x40000, 'TAINT_PACKAGE'], [0x80000, 'TAINT_CALL_LOG'],
  [0x100000, 'TAINT_EMAIL'], [0x200000, 'TAINT_CALENDAR'], [0x400000, 'TAINT_SETTINGS'],
];

const MARK = /DroidBox\s*:\s*(\{.*)$/;
const TIME = /^(\d\d)-(\d\d)\s+(\d\d):(\d\d):(\d\d)\.(\d{3})\s/;
const STEP_S = 0.1;

type Obj = Record<string, unknown>;

export interface LogcatDoc {
  doc: Obj;
  records: number;
  otherLines: number;
  timed: boolean;
  /** packages ActivityManager started a process for, in order (the first is the app DroidBox launched) */
  started: string[];
  issues: Issue[];
}

const START_PROC = /ActivityManager.*\bStart proc (?:\d+:)?([A-Za-z][\w]*(?:\.[A-Za-z_][\w]*)+)(?::[\w.]+)?(?:\/\w+)? for /;

export function tagsOf(hex: unknown): string[] {
  const n = typeof hex === 'number' ? hex : typeof hex === 'string' ? parseInt(hex.replace(/^0x/i, ''), 16) : NaN;
  if (!Number.isFinite(n)) return [];
  return TAINT_TAGS.filter(([bit]) => (n & bit) !== 0).map(([, name]) => name);
}

function hexText(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  return /^(?:[0-9a-fA-F]{2})+$/.test(v) ? Buffer.from(v, 'hex').toString('utf8') : v;
}

/** seconds of a logcat time prefix within a year (the year is not logged: only differences are used) */
function secondsOf(m: RegExpExecArray): number {
  const [, mo, d, h, mi, s, ms] = m.map(Number);
  return (Date.UTC(2001, mo - 1, d, h, mi, s, ms)) / 1000;
}

export function isDroidboxLine(line: string): boolean {
  return /[VDIWEF]\/DroidBox\s*\(/.test(line) && MARK.test(line);
}

export function droidboxDocOfLogcat(text: string, file: string): LogcatDoc {
  const sections: Record<string, Obj> = {
    dexclass: {}, servicestart: {}, recvnet: {}, opennet: {}, sendnet: {}, closenet: {}, accessedfiles: {},
    dataleaks: {}, fdaccess: {}, sendsms: {}, phonecalls: {}, cryptousage: {}, recvsaction: {},
  };
  const files = sections.accessedfiles as Record<string, string>;
  const issues: Issue[] = [];
  let records = 0, otherLines = 0, t0: number | undefined, timedLines = 0;
  const used = new Set<string>();
  const started: string[] = [];
  const put = (section: string, seconds: number, v: Obj) => {
    // keys are unique seconds, as DroidBox's float keys are; equal logcat times get 1 µs apart
    let k = seconds;
    while (used.has(`${section}:${k.toFixed(6)}`)) k += 1e-6;
    used.add(`${section}:${k.toFixed(6)}`);
    sections[section][k.toFixed(6)] = v;
  };
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    const mark = MARK.exec(line);
    if (!mark) {
      otherLines++;
      const proc = START_PROC.exec(line);
      if (proc && !started.includes(proc[1])) started.push(proc[1]);
      return;
    }
    let load: unknown;
    try { load = JSON.parse(mark[1]); } catch (e) {
      if (issues.length < 200) issues.push({ code: 'bad_json', message: `DroidBox record is not valid JSON (cut or corrupt): ${(e as Error).message.slice(0, 120)}`, file, line: i + 1 });
      return;
    }
    if (!load || typeof load !== 'object' || Array.isArray(load)) { issues.push({ code: 'not_record', message: 'DroidBox record is not a JSON object', file, line: i + 1 }); return; }
    const time = TIME.exec(line);
    let s: number;
    if (time) { timedLines++; const abs = secondsOf(time); t0 ??= abs; s = Math.max(0, abs - t0); } else s = records * STEP_S;
    records++;
    const o = load as Record<string, Obj>;
    const rec = (k: string) => (o[k] && typeof o[k] === 'object' ? { ...o[k] } : undefined);
    let r: Obj | undefined;
    if ((r = rec('DexClassLoader'))) put('dexclass', s, { ...r, type: 'dexload' });
    if ((r = rec('ServiceStart'))) put('servicestart', s, { ...r, type: 'service' });
    if ((r = rec('RecvNet'))) put('recvnet', s, { type: 'net read', host: r.srchost, port: r.srcport, data: r.data });
    if ((r = rec('FdAccess'))) { const p = hexText(r.path); if (p !== undefined) files[String(r.id)] = p; }
    if ((r = rec('FileRW'))) put('fdaccess', s, { ...r, path: files[String(r.id)], type: r.operation === 'write' ? 'file write' : 'file read' });
    if ((r = rec('OpenNet'))) put('opennet', s, r);
    if ((r = rec('CloseNet'))) put('closenet', s, r);
    if ((r = rec('SendNet'))) put('sendnet', s, { ...r, type: 'net write' });
    if ((r = rec('DataLeak'))) {
      const leak = { ...r, type: 'leak', tag: tagsOf(r.tag) };
      put('dataleaks', s, leak);
      if (r.sink === 'Network') put('sendnet', s, { ...leak, type: 'net write' });
      else if (r.sink === 'File') put('fdaccess', s, { ...leak, path: files[String(r.id)], type: r.operation === 'write' ? 'file write' : 'file read' });
      else if (r.sink === 'SMS') put('sendsms', s, { ...leak, type: 'sms' });
    }
    if ((r = rec('SendSMS'))) put('sendsms', s, { ...r, type: 'sms' });
    if ((r = rec('PhoneCall'))) put('phonecalls', s, { ...r, type: 'call' });
    if ((r = rec('CryptoUsage'))) put('cryptousage', s, { ...r, type: 'crypto' });
  });
  return { doc: sections, records, otherLines, timed: records > 0 && timedLines === records, started, issues };
}
