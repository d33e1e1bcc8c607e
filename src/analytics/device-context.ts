// Device-scoped facts that every app context on the device reads: screen/lock state, the last
// user interaction, and which telemetry kinds this device's sensor has ever produced (visibility).
import type { AppContext } from './an1731/app-context.js';

export { SEEN_CRYPTO, SEEN_KEY, SEEN_DATA, SEEN_STATE, SEEN_NET, SEEN_INFO } from './an1731/visibility.js';

/** sources credited per device (a device seen through more would be a bug in an adapter) */
const SOURCES_CAP = 16;

export class DeviceContext {
  /** live app contexts of this device, by package */
  readonly apps = new Map<string, AppContext>();
  screen: 'on' | 'off' | undefined;
  locked: boolean | undefined;
  lastInteraction = -Infinity;
  /** bit set of SEEN_* flags */
  seen = 0;
  /** the SEEN_* bits each source (event `src`) showed: alerts credit facets to sources */
  readonly sources = new Map<string, number>();
  lastTs = -Infinity;
  /** the app context of the device's last app event (a cache in front of `apps`) */
  lastApp: AppContext | undefined;
  /** bumped whenever screen, lock or lastInteraction change: app contexts' exec states expire */
  stateVersion = 0;
  /** the earliest time an encrypt-only context of this device is due to be judged */
  encryptDue = Infinity;

  constructor(readonly device: string) {}

  /** what one event showed: the device's visibility and its source's */
  see(bits: number, src: string | undefined): void {
    this.seen |= bits;
    if (src === undefined) return;
    const had = this.sources.get(src);
    if (had === undefined) { if (this.sources.size < SOURCES_CAP) this.sources.set(src, bits); }
    else if ((had | bits) !== had) this.sources.set(src, had | bits);
  }

  /** idle long enough that what it said of the device no longer holds */
  reset(): void {
    this.screen = undefined;
    this.locked = undefined;
    this.lastInteraction = -Infinity;
    this.seen = 0;
    this.sources.clear();
    this.stateVersion++;
  }
}
