// Worker thread entry: generates one slice of the fleet, one hour per request.
import { parentPort, workerData } from 'node:worker_threads';
import { FleetSlice, type SliceSpec } from './fleet-slice.js';

if (parentPort) {
  const port = parentPort;
  const slice = new FleetSlice(workerData as SliceSpec);
  port.on('message', (h: number) => {
    const out = slice.hour(h);
    port.postMessage({ h, ...out }, [out.counts.buffer as ArrayBuffer, out.lens.buffer as ArrayBuffer, out.keys.buffer as ArrayBuffer]);
  });
}
