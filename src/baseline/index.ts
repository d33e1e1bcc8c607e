export * from './types.js';
export { BaselineAccumulator, HIGH_ENTROPY, type AccumulateOptions } from './accumulate.js';
export { mergeBaselines, emptyBaseline } from './merge.js';
export { serializeBaseline, parseBaseline, loadBaseline, type BaselineResult } from './serialize.js';
export { sketchCount, sketchHasOther, hashId } from './sketch.js';
export { fieldKnows } from './capped.js';
export { registrableDomain, destinationKey, pathPattern, isBareIp } from './destination.js';
export { appDevices, appSummary, type AppSummary } from './summary.js';
