// DroidBox 4.x output: one JSON object with its category dicts (cryptousage, sendnet, fdaccess...)
// and apkName/hashes. CuckooDroid reports (droidmon, info) are not claimed.
import { headText } from '../shared/read-input.js';

const CATEGORIES = /"(cryptousage|sendnet|recvnet|opennet|fdaccess|dataleaks|servicestart|accessedfiles|enfperm|dexclass|sendsms|phonecalls)"\s*:/g;

export function sniffDroidbox(head: Buffer, _file: string): boolean {
  const t = headText(head);
  if (!t.startsWith('{') || /"droidmon"\s*:/.test(t) || /^\{\s*"(Pre_static_analysis|Static_analysis|Dynamic_analysis|VirusTotal)"\s*:/.test(t)) return false;
  const seen = new Set([...t.matchAll(CATEGORIES)].map((m) => m[1]));
  return seen.size >= 3 || (seen.size >= 1 && /"apkName"\s*:/.test(t));
}
