// Device-scoped facts that every app context on the device reads: screen/lock state, the last
// user interaction, and which telemetry kinds this device's sensor has ever produced (visibility).

export const SEEN_CRYPTO = 1, SEEN_KEY = 2, SEEN_DATA = 4, SEEN_STATE = 8, SEEN_NET = 16, SEEN_INFO = 32;

import type { AppContext } from './an1731/app-context.js';

export class DeviceContext {
  /** live app contexts of this device, by package */
  readonly apps = new Map<string, AppContext>();
  screen: 'on' | 'off' | undefined;
  locked: boolean | undefined;
  lastInteraction = -Infinity;
  /** bit set of SEEN_* flags */
  seen = 0;
  lastTs = -Infinity;
  /** the app context of the device's last app event (a cache in front of `apps`) */
  lastApp: AppContext | undefined;
  /** bumped whenever screen, lock or lastInteraction change: app contexts' exec states expire */
  stateVersion = 0;

  constructor(readonly device: string) {}
}
