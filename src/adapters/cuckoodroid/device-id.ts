// Device id when --device is not given: `cuckoo-<analysis dir>` for the storage layout
// (analyses/<N>/reports/report.json, or a copied analysis-<N>/report.json), else a file hash.
import { basename, dirname } from 'node:path';

export function cuckooDeviceId(path: string, sha256: string): string {
  let dir = dirname(path);
  if (basename(dir) === 'reports') dir = dirname(dir);
  const name = basename(dir);
  return /^(analysis-)?\d+$/.test(name) ? `cuckoo-${name}` : `cuckoo-${sha256.slice(0, 12)}`;
}
