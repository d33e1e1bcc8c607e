// A CuckooDroid report.json: one JSON object whose top level has `droidmon` (or the `info` +
// `apkinfo`/`target` of a Cuckoo report). DroidBox JSON (apkName, cryptousage) and line formats
// are not claimed.
import { headText } from '../shared/read-input.js';

export function sniffCuckoodroid(head: Buffer, file: string): boolean {
  const t = headText(head);
  if (!t.startsWith('{')) return false;
  if (/"(cryptousage|apkName|sendnet)"\s*:/.test(t) || /MobSF-API-Monitor/.test(t)) return false;
  // droidmon lines are small objects with class/method: a report starts with its section names
  if (/^\{\s*"(class|method|timestamp|name)"\s*:/.test(t)) return false;
  return /"droidmon"\s*:\s*\{/.test(t) || (/"info"\s*:\s*\{/.test(t) && /"(apkinfo|target|machine)"\s*:/.test(t)) || (/report\.json$/i.test(file) && /"info"\s*:/.test(t));
}
