import type { CommandSpec } from '../options/spec.js';
import { INPUT_OPTIONS, OUT_FILE, QUIET, VERBOSE } from '../options/common.js';
import { EXIT_CODES } from '../options/help.js';

export const CONVERT: CommandSpec = {
  name: 'convert',
  synopsis: 'convert FILE...',
  summary: 'translate sandbox reports, captures or OCSF into telemetry v1',
  usage: ['convert FILE|DIR... [--from FORMAT] [--device ID] [--app PKG] [-o FILE]'],
  description: "Translates foreign telemetry into telemetry v1 NDJSON (stdout or --out). Each file's format is sniffed from its first bytes unless --from names it ('ciphertrail help formats' lists them). Every produced event is validated like NDJSON input; skipped records are reported on stderr. Key fingerprints are keyed (fp_scheme hmac-sha256-16) with the deployment's secret from CIPHERTRAIL_FP_SECRET_FILE or CIPHERTRAIL_FP_SECRET (also for every command that reads foreign formats).",
  positionals: true,
  options: [OUT_FILE, QUIET, VERBOSE, ...INPUT_OPTIONS],
  exits: EXIT_CODES,
};
