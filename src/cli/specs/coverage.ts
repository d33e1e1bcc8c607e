import type { CommandSpec } from '../options/spec.js';
import { INPUT_OPTIONS, OUT_FILE, POLICY, QUIET, VERBOSE, format } from '../options/common.js';
import { EXIT_CODES } from '../options/help.js';

export const COVERAGE: CommandSpec = {
  name: 'coverage',
  synopsis: 'coverage FILE...',
  summary: 'which telemetry AN1731 needs was present, blind facets, fleet summary',
  usage: ['coverage FILE|DIR... [-f table|json|html|navigator] [-p FILE] [-o FILE]'],
  description: "Which telemetry the AN1731 analytic needs was present, per device and (device, app): ATT&CK data components DC0021 OS API Execution (crypto.op/crypto.key), DC0039 File Creation (file.write), DC0123 Application State (app.state/device.state/user.interaction), DC0114 Permissions (app.info permissions) and network (net.send); which facets therefore cannot fire (the engine's `missing`), and the fleet summary. Reads telemetry as detect does ('-' for stdin; formats sniffed).",
  positionals: true,
  options: [
    format(['table', 'json', 'html', 'navigator'], 'table', 'a table for people, a JSON report, one self-contained HTML file, or an ATT&CK Navigator layer (4.5, mobile-attack) scoring T1521.001 with the coverage %'),
    { ...POLICY, help: 'policy v1: with an apps inventory, inconsistency is visible' },
    OUT_FILE, QUIET, VERBOSE,
    ...INPUT_OPTIONS,
  ],
  exits: EXIT_CODES,
};
