export { parseDuration, formatDuration } from './parse-duration.js';
export { parsePolicy, loadPolicy, type PolicyResult } from './load-policy.js';
export { Inventory } from './inventory.js';
export { signerMatches, normalizeSigner } from './signer.js';
export { normalizeHost, domainPatternProblem } from './host-pattern.js';
export { packageNameProblem } from './package-name.js';
export { checkPolicy, type PolicyCheck } from './check-policy.js';
export type { IssueCode } from './yaml-walk.js';
