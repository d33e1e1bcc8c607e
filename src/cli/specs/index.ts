// Every command's option spec, in the order `ciphertrail --help` lists them. Light: no command
// code is loaded, so `--help`, `help CMD` and did-you-mean start at once.
import type { CommandSpec } from '../options/spec.js';
import { DETECT } from './detect.js';
import { POLICY_SPEC } from './policy.js';
import { SIMULATE } from './simulate.js';
import { EVAL } from './eval.js';
import { CONVERT } from './convert.js';
import { COLLECT } from './collect.js';
import { SERVE } from './serve.js';
import { TOKEN } from './token.js';
import { COVERAGE } from './coverage.js';
import { EVIDENCE } from './evidence.js';
import { EXPORT } from './export.js';
import { REPORT } from './report.js';
import { BASELINE } from './baseline.js';
import { INVENTORY } from './inventory.js';
import { PUBLISH } from './publish.js';
import { WORKER } from './worker.js';
import { ALERTS } from './alerts.js';
import { STATUS } from './status.js';
import { DB } from './db.js';

export { DETECT, POLICY_SPEC, SIMULATE, EVAL, CONVERT, COLLECT, SERVE, TOKEN, COVERAGE, EVIDENCE, EXPORT, REPORT, BASELINE, INVENTORY, PUBLISH, WORKER, ALERTS, STATUS, DB };

export const SPECS: readonly CommandSpec[] = [
  DETECT, CONVERT, COVERAGE, REPORT, EVAL, SIMULATE, POLICY_SPEC, BASELINE, INVENTORY, EXPORT, EVIDENCE,
  SERVE, TOKEN, DB, COLLECT, PUBLISH, WORKER, ALERTS, STATUS,
];

export const specNamed = (name: string): CommandSpec | undefined => SPECS.find((s) => s.name === name);
