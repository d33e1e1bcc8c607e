// name -> adapter: the one list of formats (no registration side effects). `--from auto` asks
// each adapter to sniff, in this order: the most specific formats first.
import type { Adapter } from './adapter.js';

export const ADAPTERS: readonly Adapter[] = [
  // filled in as adapters land: cuckoodroid, droidbox, droidmon, mobsf, ocsf, pcap, packet-csv
];

export function adapterNamed(name: string): Adapter | undefined {
  return ADAPTERS.find((a) => a.name === name);
}
