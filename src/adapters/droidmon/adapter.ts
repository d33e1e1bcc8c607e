// The droidmon adapter: `--from droidmon`.
import type { Adapter } from '../adapter.js';
import { sniffDroidmon } from './sniff.js';
import { convertDroidmon } from './convert.js';

export const droidmonAdapter: Adapter = {
  name: 'droidmon',
  description: 'droidmon (Xposed) log: one JSON hook record per line with ms timestamps, logcat prefix optional',
  sniff: sniffDroidmon,
  convert: convertDroidmon,
};
