// MobSF API monitor output: the `MobSF-API-Monitor:` logcat tag, or mobsf_api_monitor.txt whose
// records start `{"name":` and carry `arguments`/`calledFrom` (droidmon has `args` and `timestamp`).
import { headText } from '../shared/read-input.js';

export function sniffMobsf(head: Buffer, file: string): boolean {
  const t = headText(head);
  if (t.includes('MobSF-API-Monitor:')) return true;
  if (!t.startsWith('{"name"') && !/mobsf_api_monitor/i.test(file)) return false;
  return /"calledFrom"\s*:/.test(t) || (/"class"\s*:/.test(t) && /"method"\s*:/.test(t) && /"arguments"\s*:/.test(t));
}
