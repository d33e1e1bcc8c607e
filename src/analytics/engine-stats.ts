// Counters the engine keeps for `--stats` and the benchmark: nothing is dropped silently.
export class EngineStats {
  accepted = 0;
  processed = 0;
  /** arrived later than lateness: processed out of canonical order, still used */
  late = 0;
  bufferPeak = 0;
  contextsCreated = 0;
  contextsEvicted = 0;
  contextsPeak = 0;
  evaluations = 0;
  /** sends that could not change a quiet context's score bound: not evaluated */
  skipped = 0;
  chains = 0;
  updates = 0;
  alerts = 0;
  /** chains whose score the cross-device key aggregate raised */
  fleetRaised = 0;
}
