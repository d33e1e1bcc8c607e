// name -> adapter: the one list of formats (no registration side effects). `--from auto` asks
// each adapter to sniff, in this order: the most specific formats first.
import type { Adapter } from './adapter.js';
import { amapiAdapter } from './amapi/index.js';
import { andropytoolAdapter, droidboxLogcatAdapter } from './andropytool/index.js';
import { cuckoodroidAdapter } from './cuckoodroid/index.js';
import { droidboxAdapter } from './droidbox/index.js';
import { droidmonAdapter } from './droidmon/index.js';
import { dpcLogsAdapter } from './dpc-logs/index.js';
import { mobsfAdapter } from './mobsf/index.js';
import { ocsfAdapter } from './ocsf/ocsf-adapter.js';
import { pcapAdapter } from './pcap/pcap-adapter.js';
import { packetCsvAdapter } from './packet-csv/packet-csv-adapter.js';
import { telemetryAdapter } from './telemetry/index.js';

export const ADAPTERS: readonly Adapter[] = [
  cuckoodroidAdapter, andropytoolAdapter, droidboxAdapter, droidboxLogcatAdapter, droidmonAdapter, mobsfAdapter, ocsfAdapter, pcapAdapter, packetCsvAdapter,
  amapiAdapter, dpcLogsAdapter, telemetryAdapter,
];

export function adapterNamed(name: string): Adapter | undefined {
  return ADAPTERS.find((a) => a.name === name);
}
