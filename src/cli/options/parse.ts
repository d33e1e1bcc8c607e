// argv -> values and positionals, from a CommandSpec, through node:util parseArgs. Every mistake
// becomes one UsageError line naming the option (with did-you-mean), never Node's own message.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { CommandSpec, OptionSpec, Parsed, Values } from './spec.js';
import { HELP_OPTION } from './common.js';
import { didYouMean } from './suggest.js';
import { UsageError } from '../usage-error.js';

/** the options of a command as the parser and the help see them (-h/--help added to all) */
export function allOptions(spec: CommandSpec): OptionSpec[] {
  return spec.options.some((o) => o.name === 'help') ? spec.options : [...spec.options, HELP_OPTION];
}

const usage = (spec: CommandSpec, message: string) =>
  new UsageError(`${spec.name}: ${message}`, `Run 'ciphertrail help ${spec.name}' for its options.`);

/** checks every option token before parseArgs sees it, so each mistake gets our own message */
function precheck(spec: CommandSpec, argv: string[]): void {
  const opts = allOptions(spec);
  const byName = new Map(opts.map((o) => [o.name, o]));
  const byShort = new Map(opts.filter((o) => o.short).map((o) => [o.short!, o]));
  const longNames = opts.map((o) => o.name);
  const wantsValue = (o: OptionSpec, next: string | undefined, shown: string) => {
    if (next === undefined || (next.startsWith('-') && next !== '-')) {
      throw usage(spec, `${shown} needs a value${o.arg ? ` (${o.arg})` : ''}${o.values ? `: one of ${o.values.join(', ')}` : ''}`);
    }
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') return;
    if (!a.startsWith('-') || a === '-') {
      if (!spec.positionals) throw usage(spec, `unexpected argument '${a}' (this command takes only options)`);
      continue;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = a.slice(2, eq < 0 ? undefined : eq);
      const o = byName.get(name);
      if (!o) throw usage(spec, `unknown option '--${name}'${didYouMean(name, longNames, '--')}`);
      if (o.type === 'boolean' && eq >= 0) throw usage(spec, `--${name} takes no value`);
      if (o.type === 'string' && eq < 0) { wantsValue(o, argv[i + 1], `--${name}`); i++; }
      continue;
    }
    // -x, -qv, -oFILE
    for (let j = 1; j < a.length; j++) {
      const o = byShort.get(a[j]);
      if (!o) {
        const long = byName.get(a.slice(1));
        throw usage(spec, `unknown option '-${a[j]}'${long ? ` (did you mean --${long.name}?)` : didYouMean(a.slice(1), longNames, '--')}`);
      }
      if (o.type === 'string') {
        if (j === a.length - 1) { wantsValue(o, argv[i + 1], `-${a[j]}`); i++; }
        break;
      }
    }
  }
}

export function parseCommand<V = Values>(spec: CommandSpec, argv: string[]): Parsed<V> {
  precheck(spec, argv);
  const options: NonNullable<ParseArgsConfig['options']> = {};
  for (const o of allOptions(spec)) {
    options[o.name] = { type: o.type, ...(o.short ? { short: o.short } : {}), ...(o.multiple ? { multiple: true } : {}) };
  }
  let r;
  try {
    r = parseArgs({ args: argv, options, allowPositionals: spec.positionals, strict: true });
  } catch (e) {
    // precheck covers what parseArgs refuses; keep only Node's first sentence if it still does
    throw usage(spec, (e as Error).message.split('. ')[0]);
  }
  const values = { ...r.values } as Values;
  const notices: string[] = [];
  for (const o of allOptions(spec)) {
    if (!o.deprecated || values[o.name] === undefined) continue;
    const target = allOptions(spec).find((x) => x.name === o.deprecated!.to);
    const value = o.deprecated.value ?? values[o.name];
    const shown = o.deprecated.value ? `--${target?.name} ${o.deprecated.value}` : `--${target?.name}`;
    notices.push(`ciphertrail: --${o.name} is deprecated; use ${shown}`);
    if (values[o.deprecated.to] === undefined) values[o.deprecated.to] = value as string;
    delete values[o.name];
  }
  for (const o of allOptions(spec)) {
    if (values[o.name] === undefined && o.default !== undefined) values[o.name] = o.default;
    const v = values[o.name];
    if (o.values && typeof v === 'string') {
      const given = o.list ? v.split(',').map((s) => s.trim()).filter(Boolean) : [v];
      if (given.length === 0) throw usage(spec, `--${o.name}: give at least one of ${o.values.join(', ')}`);
      for (const g of given) {
        if (!o.values.includes(g)) throw usage(spec, `--${o.name}: '${g}' is not one of ${o.values.join(', ')}${didYouMean(g, o.values)}`);
      }
    }
  }
  return { values: values as unknown as V, positionals: r.positionals, notices };
}
