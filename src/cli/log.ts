// What a command prints on stderr, by verbosity: --quiet keeps only errors (alerts go to stdout),
// --verbose adds every adapter note.
export interface CliLog {
  /** progress, summaries, notices */
  info(line: string): void;
  /** problems with the input or the run: always printed */
  error(line: string): void;
  /** detail shown with --verbose only */
  detail(line: string): void;
  quiet: boolean;
  verbose: boolean;
}

export function cliLog(v: { quiet?: boolean; verbose?: boolean }, write: (s: string) => void = (s) => process.stderr.write(s)): CliLog {
  const quiet = v.quiet === true, verbose = v.verbose === true && !quiet;
  return {
    info: (l) => { if (!quiet) write(l + '\n'); },
    error: (l) => write(l + '\n'),
    detail: (l) => { if (verbose) write(l + '\n'); },
    quiet, verbose,
  };
}
