export { proposeEntries, proposeYaml, type ProposedEntry } from './propose.js';
export { diffInventory, formatDiff, diffFindings, LOCAL_KEY_LABELS, type InventoryDiff, type UnlistedApp, type DeviatingApp, type StaleEntry, type DeviationFinding } from './diff.js';
export { riskOf, type Risk } from './risk.js';
