// Option entries shared by several commands: one spelling, one short flag, one help line each.
import type { OptionSpec } from './spec.js';

export const HELP_OPTION: OptionSpec = { name: 'help', short: 'h', type: 'boolean', help: 'this help' };

export const VERBOSE: OptionSpec = { name: 'verbose', short: 'v', type: 'boolean', help: 'every adapter note and skipped record, not one summary line per input' };
export const QUIET: OptionSpec = { name: 'quiet', short: 'q', type: 'boolean', help: 'print only alerts (or the output) and errors' };

export const POLICY: OptionSpec = { name: 'policy', short: 'p', type: 'string', arg: 'FILE', help: 'policy v1 (YAML or JSON): thresholds and approved-app inventory' };

export const OUT_FILE: OptionSpec = { name: 'out', short: 'o', type: 'string', arg: 'FILE', help: 'write there instead of stdout' };
export const OUT_DIR: OptionSpec = { name: 'out-dir', type: 'string', arg: 'DIR', help: 'output directory (created)' };

export const format = (values: readonly string[], dflt: string, help: string): OptionSpec =>
  ({ name: 'format', short: 'f', type: 'string', arg: 'FORMAT', values, default: dflt, help });

/** `--json`, kept for scripts written before --format */
export const JSON_ALIAS: OptionSpec = { name: 'json', type: 'boolean', help: 'same as --format json', deprecated: { to: 'format', value: 'json' } };

const INPUT = 'Input';
/** how telemetry inputs are read: sniffed by default, --from names the format */
export const FROM: OptionSpec = {
  name: 'from', type: 'string', arg: 'FORMAT', group: INPUT,
  help: "the inputs' format, when sniffing should not decide: ndjson (telemetry v1) or an adapter's name (see 'ciphertrail help formats'). Default: each file is sniffed",
};
export const DEVICE: OptionSpec = { name: 'device', type: 'string', arg: 'ID', group: INPUT, help: 'device id for formats that do not record one' };
export const APP: OptionSpec = { name: 'app', type: 'string', arg: 'PKG', group: INPUT, help: 'package for formats that cannot tell which app acted' };
export const GLOB: OptionSpec = { name: 'glob', type: 'string', arg: 'PATTERN', group: INPUT, help: 'which files of a directory argument are read (default: every file; e.g. "*.json" or "**/report.json")' };

/** the options of every command that reads telemetry */
export const INPUT_OPTIONS: OptionSpec[] = [FROM, DEVICE, APP, GLOB];
