#!/usr/bin/env node
// Argument dispatch only; the work is done by the stage modules and the app/ composition roots.
// Every error ends as one line on stderr (no stack trace) and an exit status from EXIT_CODES.
import { CiphertrailError } from '../model/index.js';
import { UsageError } from './usage-error.js';
import { SPECS, specNamed } from './specs/index.js';
import { commandHelp, mainHelp } from './options/help.js';
import { didYouMean } from './options/suggest.js';
import { UnusableInput } from '../ingest/inputs/unusable.js';
import { EXIT_UNUSABLE } from './exit-codes.js';
// lazy: a command's module loads when it runs
import * as run from './lazy-commands.js';
import { VERSION } from '../version.js';


const RUN: Record<string, (argv: string[]) => Promise<number>> = {
  detect: run.detectCommand, policy: run.policyCommand, simulate: run.simulateCommand, eval: run.evalCommand,
  convert: run.convertCommand, collect: run.collectCommand, serve: run.serveCommand, token: run.tokenCommand,
  coverage: run.coverageCommand, evidence: run.evidenceCommand, export: run.exportCommand, report: run.reportCommand,
  baseline: run.baselineCommand, inventory: run.inventoryCommand, publish: run.publishCommand, worker: run.workerCommand,
  alerts: run.alertsCommand, status: run.statusCommand, db: run.dbCommand,
};

// `ciphertrail ... | head` closes stdout early: stop quietly, as Unix tools do
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

const TOPICS = ['formats'];

async function formatsHelp(): Promise<string> {
  const { ADAPTERS } = await import('../adapters/registry.js');
  const w = Math.max(...ADAPTERS.map((a) => a.name.length), 6) + 2;
  return ['Input formats (--from NAME; without --from each file is sniffed):', `  ${'ndjson'.padEnd(w)}telemetry v1, one JSON event per line (the native format)`,
    ...ADAPTERS.map((a) => `  ${a.name.padEnd(w)}${a.description}`), '', 'Each may also come gzip-compressed or inside a zip archive.', ''].join('\n');
}

async function help(topic: string | undefined): Promise<number> {
  if (!topic) { process.stdout.write(mainHelp(SPECS)); return 0; }
  if (topic === 'formats') { process.stdout.write(await formatsHelp()); return 0; }
  const spec = specNamed(topic);
  if (!spec) throw new UsageError(`help: no command or topic '${topic}'${didYouMean(topic, [...SPECS.map((s) => s.name), ...TOPICS])}`);
  process.stdout.write(commandHelp(spec));
  return 0;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name) { process.stderr.write(mainHelp(SPECS)); return 2; }
  if (name === '-h' || name === '--help') return help(undefined);
  if (name === 'help') return help(rest[0]);
  if (name === '--version' || name === '-V') { process.stdout.write(`ciphertrail ${VERSION}\n`); return 0; }
  const cmd = RUN[name];
  if (!cmd) {
    const what = name.startsWith('-') ? `unknown option '${name}' (options come after the command)` : `unknown command '${name}'${didYouMean(name, SPECS.map((s) => s.name))}`;
    throw new UsageError(`${what}; run 'ciphertrail --help' for the commands`);
  }
  const dashDash = rest.indexOf('--');
  const opts = dashDash < 0 ? rest : rest.slice(0, dashDash);
  if (opts.includes('-h') || opts.includes('--help')) return help(name);
  return cmd(rest);
}

function fail(err: unknown): number {
  const say = (m: string) => process.stderr.write(`ciphertrail: ${m}\n`);
  if (err instanceof UnusableInput) { for (const l of err.lines) say(l); return EXIT_UNUSABLE; }
  if (err instanceof UsageError) { say(err.message); return 2; }
  if (err instanceof CiphertrailError) {
    say(err.message);
    return err.code === 'read_error' ? EXIT_UNUSABLE : 2;
  }
  const e = err as NodeJS.ErrnoException;
  // a file the command could not open or write: name it, in one line
  if (e && typeof e === 'object' && e.code && e.path) say(`${e.path}: ${e.code === 'ENOENT' ? 'no such file or directory' : e.code === 'EISDIR' ? 'is a directory' : e.code === 'EACCES' ? 'permission denied' : e.code}`);
  else say(`${e instanceof Error ? e.message : String(err)}${process.env.CIPHERTRAIL_DEBUG ? `\n${(e as Error).stack}` : ' (set CIPHERTRAIL_DEBUG=1 for the stack trace)'}`);
  return e?.code === 'ENOENT' || e?.code === 'EISDIR' || e?.code === 'EACCES' ? EXIT_UNUSABLE : 2;
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err: unknown) => { process.exitCode = fail(err); },
);
