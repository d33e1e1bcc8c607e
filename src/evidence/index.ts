export { canonicalJson, hashOf, sha256Hex } from './canonical-json.js';
export { sealRecord, policySection, SECTIONS, GENESIS, type EvidenceRecord, type EvidenceSections } from './record.js';
export { verifyChain, type Verification, type Problem } from './verify.js';
export { appendEvidence } from './chain-file.js';
