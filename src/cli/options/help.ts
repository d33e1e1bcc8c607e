// Help text rendered from the same CommandSpec the parser uses: every option once, none missing.
import type { CommandSpec, OptionSpec } from './spec.js';
import { allOptions } from './parse.js';

const WIDTH = 100;
const COL = 26;

/** words of `text` in lines of at most `width` characters (a word longer than that stays whole) */
export function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  for (const para of text.split('\n')) {
    // an indented line is laid out by hand (a small table): kept as written
    if (para.startsWith(' ')) { out.push(para); continue; }
    let line = '';
    for (const w of para.split(/ +/)) {
      if (line && line.length + 1 + w.length > width) { out.push(line); line = w; }
      else line = line ? line + ' ' + w : w;
    }
    out.push(line);
  }
  return out;
}

function label(o: OptionSpec): string {
  const arg = o.type === 'string' ? ' ' + (o.arg ?? 'VALUE') : '';
  return `${o.short ? `-${o.short}, ` : '    '}--${o.name}${arg}`;
}

function describe(o: OptionSpec): string {
  const vals = o.values ? ` (${o.values.join('|')}${o.list ? ', comma-separated' : ''})` : '';
  const dflt = o.default !== undefined && o.default !== false ? `; default ${o.default}` : '';
  return `${o.help}${vals}${dflt}`;
}

function optionLines(o: OptionSpec): string[] {
  const head = '  ' + label(o);
  const body = wrap(describe(o), WIDTH - COL);
  if (head.length + 1 >= COL) return [head, ...body.map((l) => ' '.repeat(COL) + l)];
  return [head.padEnd(COL) + body[0], ...body.slice(1).map((l) => ' '.repeat(COL) + l)];
}

export function commandHelp(spec: CommandSpec): string {
  const lines: string[] = [];
  spec.usage.forEach((u, i) => lines.push(`${i === 0 ? 'Usage: ' : '       '}ciphertrail ${u}`));
  lines.push('');
  for (const l of wrap(spec.description, WIDTH)) lines.push(l);
  const opts = allOptions(spec).filter((o) => !o.deprecated);
  const groups = [...new Set(opts.map((o) => o.group ?? 'Options'))];
  for (const g of ['Options', ...groups.filter((x) => x !== 'Options')]) {
    const inGroup = opts.filter((o) => (o.group ?? 'Options') === g);
    if (!inGroup.length) continue;
    lines.push('', `${g}:`);
    for (const o of inGroup) lines.push(...optionLines(o));
  }
  const old = allOptions(spec).filter((o) => o.deprecated);
  if (old.length) {
    lines.push('', ...wrap(`Old spellings still accepted (with a notice): ${old.map((o) => `--${o.name} (${o.help})`).join(', ')}.`, WIDTH));
  }
  if (spec.exits?.length) {
    lines.push('', 'Exit status:');
    for (const e of spec.exits) lines.push('  ' + e);
  }
  return lines.join('\n') + '\n';
}

export const EXIT_CODES = [
  '0  done (with or without alerts)',
  '1  a threshold you set was met (--fail-on, --fail-on-findings) or a check failed',
  '2  usage error (unknown option, missing argument) or invalid policy',
  '3  detect --forward: an alert version was not delivered in --forward-wait',
  '4  unusable input: a file that is missing, empty, unreadable or gave no event',
];

export function mainHelp(specs: readonly CommandSpec[]): string {
  const lines = [
    'ciphertrail — finds Android apps that encrypt the data they collect and send it out',
    '(MITRE ATT&CK Mobile T1521.001 Encrypted Channel: Symmetric Cryptography, analytic AN1731)',
    '',
    'Usage: ciphertrail <command> [options]',
    '',
    'Commands:',
  ];
  const w = Math.max(...specs.map((s) => (s.synopsis ?? s.name).length)) + 2;
  for (const s of specs) lines.push(`  ${(s.synopsis ?? s.name).padEnd(w)}${s.summary}`);
  lines.push(
    '',
    'Telemetry inputs (FILE) are files, directories (walked in name order; --glob picks files), gzip',
    "or zip files, or '-' for stdin; each input's format is sniffed (--from overrides it). Telemetry on",
    'stdin streams as it comes; a report, capture or archive piped in is read whole first.',
    '',
    'Common options: -h/--help, -V/--version, -f/--format, -o/--out FILE, --out-dir DIR, -p/--policy,',
    '-q/--quiet, -v/--verbose.',
    "Run 'ciphertrail help <command>' for a command's options, 'ciphertrail help formats' for the",
    'input formats.',
    '',
    'Exit status:',
    ...EXIT_CODES.map((e) => '  ' + e),
  );
  return lines.join('\n') + '\n';
}
