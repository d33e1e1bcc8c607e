#!/usr/bin/env node
// Argument parsing only; the work is done by the stage modules and the app/ composition roots.
import { MAIN_HELP, DETECT_HELP, POLICY_HELP, SIMULATE_HELP, EVAL_HELP, CONVERT_HELP, COLLECT_HELP, SERVE_HELP, TOKEN_HELP, REPORT_HELP, BASELINE_HELP, INVENTORY_HELP, PUBLISH_HELP, WORKER_HELP, ALERTS_HELP, STATUS_HELP, FORWARD_HELP, DETECT_FORWARD_HELP } from './usage.js';
import { CiphertrailError } from '../model/index.js';
import { UsageError } from './usage-error.js';
import { COVERAGE_HELP, EVIDENCE_HELP, EXPORT_HELP, DETECT_EVIDENCE_HELP } from './usage-assure.js';
// lazy: a command's module loads when it runs
import {
  detectCommand, policyCommand, simulateCommand, evalCommand, convertCommand, collectCommand, serveCommand, tokenCommand,
  coverageCommand, evidenceCommand, exportCommand, reportCommand, baselineCommand, inventoryCommand,
  publishCommand, workerCommand, alertsCommand, statusCommand,
} from './lazy-commands.js';

const COMMANDS: Record<string, { help: string; run: (argv: string[]) => Promise<number> }> = {
  detect: { help: DETECT_HELP + DETECT_EVIDENCE_HELP + FORWARD_HELP + DETECT_FORWARD_HELP, run: detectCommand },
  policy: { help: POLICY_HELP, run: policyCommand },
  simulate: { help: SIMULATE_HELP, run: simulateCommand },
  eval: { help: EVAL_HELP, run: evalCommand },
  convert: { help: CONVERT_HELP, run: convertCommand },
  collect: { help: COLLECT_HELP, run: collectCommand },
  serve: { help: SERVE_HELP + FORWARD_HELP, run: serveCommand },
  token: { help: TOKEN_HELP, run: tokenCommand },
  coverage: { help: COVERAGE_HELP, run: coverageCommand },
  evidence: { help: EVIDENCE_HELP, run: evidenceCommand },
  export: { help: EXPORT_HELP, run: exportCommand },
  report: { help: REPORT_HELP, run: reportCommand },
  baseline: { help: BASELINE_HELP, run: baselineCommand },
  inventory: { help: INVENTORY_HELP, run: inventoryCommand },
  publish: { help: PUBLISH_HELP, run: publishCommand },
  worker: { help: WORKER_HELP + FORWARD_HELP, run: workerCommand },
  alerts: { help: ALERTS_HELP, run: alertsCommand },
  status: { help: STATUS_HELP, run: statusCommand },
};

// `ciphertrail ... | head` closes stdout early: stop quietly, as Unix tools do
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '-h' || name === '--help' || name === 'help') {
    process.stdout.write(MAIN_HELP);
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-V') { process.stdout.write('ciphertrail 0.1.0\n'); return 0; }
  const cmd = COMMANDS[name];
  if (!cmd) throw new UsageError(`unknown command '${name}'`, MAIN_HELP);
  if (rest.includes('-h') || rest.includes('--help')) { process.stdout.write(cmd.help); return 0; }
  return cmd.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err: unknown) => {
    if (err instanceof CiphertrailError) {
      process.stderr.write(`ciphertrail: ${err.message}\n`);
      process.exitCode = 2;
    } else if (err instanceof UsageError) {
      process.stderr.write(`ciphertrail: ${err.message}\n${err.help ? '\n' + err.help : ''}`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`ciphertrail: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
      process.exitCode = 2;
    }
  },
);

