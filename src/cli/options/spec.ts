// The declarative shape of a command line: one list of options per command, from which the
// parser, `--help`, `help CMD`, did-you-mean and short flags are all derived.

export interface OptionSpec {
  /** long name, without the dashes */
  name: string;
  /** one-letter short flag, without the dash */
  short?: string;
  type: 'string' | 'boolean';
  /** may be given several times (string options) */
  multiple?: boolean;
  /** placeholder shown in help, e.g. FILE (string options) */
  arg?: string;
  /** what it does, one or more sentences; wrapped by the help renderer */
  help: string;
  default?: string | boolean;
  /** the accepted values (checked by the parser, with did-you-mean) */
  values?: readonly string[];
  /** a comma-separated list of `values` (e.g. report --format md,html) */
  list?: boolean;
  /** an old spelling kept for scripts: prints a one-line notice and sets `to` (to `value`, or to
   *  this option's own value for a string option) */
  deprecated?: { to: string; value?: string };
  /** heading of the group it is listed under (default: Options) */
  group?: string;
}

export interface CommandSpec {
  name: string;
  /** one line for the command list of `ciphertrail --help` */
  summary: string;
  /** the synopsis of the command list (defaults to the name) */
  synopsis?: string;
  /** usage lines, without the leading `ciphertrail ` */
  usage: string[];
  /** paragraphs of prose under the usage lines */
  description: string;
  options: OptionSpec[];
  /** does the command take positional arguments (files, subcommands)? */
  positionals: boolean;
  /** the exit statuses, one per line */
  exits?: string[];
}

export type Values = Record<string, string | boolean | string[] | undefined>;

export interface Parsed<V = Values> {
  values: V;
  positionals: string[];
  /** one-line notices for deprecated spellings used */
  notices: string[];
}
