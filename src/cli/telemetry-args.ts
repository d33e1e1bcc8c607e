// The telemetry arguments of every command that reads telemetry (FILE|DIR..., --from, --glob,
// --device, --app): resolved to NDJSON files, adapter notes summed up to one line per input
// unless --verbose, and the inputs that gave no event named at the end (exit 3).
import { formatIssue } from '../model/index.js';
import type { ReadEventsOptions } from '../ingest/read-events.js';
import { resolveInputs, type AdaptedInput } from '../ingest/inputs/resolve.js';
import type { CliLog } from './log.js';
import type { EventSource } from '../app/detect.js';
import { readAdapted } from '../ingest/read-adapted.js';
import { fpSecretFromEnv } from './fp-secret.js';
import { pathSegmentsFromEnv } from './path-segments.js';

export { EXIT_UNUSABLE } from './exit-codes.js';
import { EXIT_UNUSABLE } from './exit-codes.js';

export interface TelemetryArgs {
  files: string[];
  names: ReadonlyMap<string, string>;
  read: ReadEventsOptions;
  /** when every input is a sandbox file read by an adapter: the files as one run, merged in event
   *  time (readAdapted; their notes and skipped records were reported when they were resolved) */
  source?: EventSource;
  /** prints the unusable inputs (known before reading, or found while reading); EXIT_UNUSABLE if any */
  finish(): number | undefined;
  cleanup(): Promise<void>;
}

function summary(r: AdaptedInput, verbose: boolean): string {
  const parts = [`${r.events} event(s)`];
  if (r.issues.length) parts.push(`${r.issues.length} record(s) skipped`);
  if (r.notes.length) parts.push(`${r.notes.length} note(s)${verbose ? '' : ' (--verbose shows them)'}`);
  return `${r.name} (${r.adapter}): ${r.label}, ${parts.join(', ')}`;
}

/** the input options of a command that reads telemetry (options/common.ts INPUT_OPTIONS) */
export interface TelemetryValues { from?: string; glob?: string; device?: string; app?: string; quiet?: boolean; verbose?: boolean }

export async function telemetryArgs(paths: string[], v: TelemetryValues, log: CliLog): Promise<TelemetryArgs> {
  const str = (x: unknown) => (typeof x === 'string' ? x : undefined);
  const r = await resolveInputs(paths, {
    ...(str(v.from) ? { from: str(v.from) } : {}), ...(str(v.glob) ? { glob: str(v.glob) } : {}),
    ...(str(v.device) ? { device: str(v.device) } : {}), ...(str(v.app) ? { app: str(v.app) } : {}),
    ...(fpSecretFromEnv() ? { fpSecret: fpSecretFromEnv() } : {}),
    ...(pathSegmentsFromEnv() !== undefined ? { pathSegments: pathSegmentsFromEnv() } : {}),
    onAdapted: (a) => {
      if (a.events > 0) log.info(summary(a, log.verbose));
      for (const i of a.issues) (a.events > 0 ? log.error : log.detail)(formatIssue(i));
      for (const n of a.notes) log.detail(`${a.name} (${a.adapter}): ${n}`);
    },
  });
  if (r.skipped.length) log.info(`skipped ${r.skipped.length} file(s) of the directories that no format recognises: ${r.skipped.slice(0, 5).join(', ')}${r.skipped.length > 5 ? ' …' : ''} (--glob picks files; --from names a format)`);
  const empty: string[] = [];
  const nameOf = (p: string) => r.names.get(p) ?? (p === '-' ? '<stdin>' : p);
  const adapted = r.adaptedFiles;
  const fpSecret = fpSecretFromEnv();
  const source: EventSource | undefined = adapted && adapted.length > 1
    ? (onReject, counters) => readAdapted(adapted, {
      format: str(v.from) ?? 'auto', ...(str(v.device) ? { device: str(v.device) } : {}), ...(str(v.app) ? { app: str(v.app) } : {}),
      ...(fpSecret ? { fpSecret } : {}), ...(pathSegmentsFromEnv() !== undefined ? { pathSegments: pathSegmentsFromEnv() } : {}), onIssue: () => {}, onNote: () => {},
    }, onReject, counters)
    : undefined;
  return {
    ...(source ? { source } : {}),
    files: r.files,
    names: r.names,
    read: {
      names: r.names,
      onFileEnd: (path, accepted, lines) => {
        if (accepted > 0) return;
        empty.push(lines === 0
          ? `${nameOf(path)}: no event in it (only blank lines)`
          : `${nameOf(path)}: none of its ${lines} line(s) is a valid telemetry v1 event (see the rejections above); if it is a sandbox report, capture or OCSF export, name its format with --from ('ciphertrail help formats')`);
      },
    },
    finish() {
      const all = [...r.unusable, ...empty];
      for (const u of all) log.error(`ciphertrail: ${u}`);
      return all.length ? EXIT_UNUSABLE : undefined;
    },
    cleanup: r.cleanup,
  };
}
