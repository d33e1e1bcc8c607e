// One line of a droidmon log: the JSON record, optionally behind a logcat prefix
//   01-29 05:05:47.721 I/Xposed  ( 3148): {"class":...}
//   I/Droidmon-apimonitor-com.example.app( 1234): {"class":...}
// The prefix can tell the process id and, with the apimonitor tag, the package.

export interface DroidmonLine { record: Record<string, unknown>; pid?: number; pkg?: string }
export type LineResult = { ok: true; line: DroidmonLine } | { ok: false; reason: 'no_json' | 'bad_json' | 'not_record'; message: string };

const PID = /\(\s*(\d+)\s*\)\s*:\s*$/;
const TAG_PKG = /Droidmon-apimonitor-([A-Za-z][\w]*(?:\.[A-Za-z_][\w]*)+)/;

export function parseDroidmonLine(text: string): LineResult {
  const brace = text.indexOf('{');
  if (brace < 0) return { ok: false, reason: 'no_json', message: 'no JSON record on the line' };
  const prefix = text.slice(0, brace);
  let value: unknown;
  try { value = JSON.parse(text.slice(brace)); } catch (e) {
    return { ok: false, reason: 'bad_json', message: `broken JSON record (cut or corrupt): ${(e as Error).message.slice(0, 120)}` };
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return { ok: false, reason: 'not_record', message: 'JSON value is not an object' };
  const rec = value as Record<string, unknown>;
  if (typeof rec.class !== 'string' || typeof rec.method !== 'string') return { ok: false, reason: 'not_record', message: 'JSON object without `class` and `method`: not a droidmon record' };
  const line: DroidmonLine = { record: rec };
  const pid = PID.exec(prefix);
  if (pid) line.pid = Number(pid[1]);
  const pkg = TAG_PKG.exec(prefix);
  if (pkg) line.pkg = pkg[1];
  return { ok: true, line };
}
