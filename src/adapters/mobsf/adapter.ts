// The MobSF adapter: `--from mobsf`.
import type { Adapter } from '../adapter.js';
import { sniffMobsf } from './sniff.js';
import { convertMobsf } from './convert.js';

export const mobsfAdapter: Adapter = {
  name: 'mobsf',
  description: 'MobSF API monitor (Frida): MobSF-API-Monitor logcat lines or mobsf_api_monitor.txt; time synthesized from record order',
  sniff: sniffMobsf,
  convert: convertMobsf,
};
