// The DroidBox adapter: `--from droidbox`.
import type { Adapter } from '../adapter.js';
import { sniffDroidbox } from './sniff.js';
import { convertDroidbox } from './convert.js';

export const droidboxAdapter: Adapter = {
  name: 'droidbox',
  description: 'DroidBox 4.x JSON output (cryptousage, sendnet, fdaccess, dataleaks, servicestart); seconds since start',
  sniff: sniffDroidbox,
  convert: convertDroidbox,
};
