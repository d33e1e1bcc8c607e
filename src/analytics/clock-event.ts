// The clock event: a device.state of a device no sensor has, pushed at `newest + lateness` to
// release what the reorder buffer holds when input goes quiet (the server's idle release, a NATS
// partition's idle tick). Events then arriving within lateness of the old newest are processed
// as late (still used), as in the engine.
import { TYPE_CODES, type Accepted, type TelemetryEvent } from '../model/event.js';

export const CLOCK_DEVICE = '~ciphertrail-clock';
const DEVICE_STATE = TYPE_CODES.get('device.state')!;

export function clockEvent(ts: number): Accepted {
  const event = { type: 'device.state', ts, device: CLOCK_DEVICE } as TelemetryEvent;
  return { event, ts, ref: 'clock', kind: DEVICE_STATE, device: CLOCK_DEVICE, app: undefined, source: { file: 'clock', line: 0 } } as Accepted;
}
