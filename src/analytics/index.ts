// The engine's public face: hosts (detect, the server, NATS workers and the fleet stage) and the
// exports read the analytic through this module only.
export { Engine, DEFAULT_FLEET_HORIZON, fleetHorizonOf, replaySpan, keyHorizonsOf, type EngineOptions, type AlertUpdate } from './engine.js';
export type { EngineHost } from './engine-host.js';
export { EngineStats } from './engine-stats.js';
export { ReorderBuffer } from './reorder-buffer.js';
export { FleetKeys, merge as mergeSpans, type Span } from './an1731/fleet-keys.js';
export type { Chain } from './an1731/chain.js';
export { finalVersion } from './chain-lifecycle.js';
export { snapshotEngine, restoreEngine, packObject, unpackObject, registerSnapshotClass } from './snapshot.js';
export { facetWords } from './an1731/explain.js';
export { findBeacon, type Beacon } from './an1731/beacon.js';
export { HIDDEN_STATES } from './an1731/exec-state.js';
export type { Send } from './an1731/types.js';
