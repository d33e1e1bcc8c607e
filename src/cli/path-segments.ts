// How many leading URL path segments adapters keep in net.send `path` (the Frida sensor's
// `path_segments`), from CIPHERTRAIL_PATH_SEGMENTS: a whole number, -1 for the whole path.
// Absent: the default (2).
import { UsageError } from './usage-error.js';

export function pathSegmentsFromEnv(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const raw = env.CIPHERTRAIL_PATH_SEGMENTS?.trim();
  if (raw === undefined || raw === '') return undefined;
  if (!/^(-1|\d{1,3})$/.test(raw)) throw new UsageError(`CIPHERTRAIL_PATH_SEGMENTS: want a whole number of path segments to keep, or -1 for the whole path; got '${raw}'`);
  return Number(raw);
}
