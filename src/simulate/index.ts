export { writeScenarios, listScenarios, selectScenarios, scenarioPolicyYaml, type ScenarioListing } from './write-scenarios.js';
export { writeFleet } from './write-fleet.js';
export { FLEET_MIXES, isFleetMix, type FleetMix } from './fleet-mix.js';
export { runScenario, labelsOf } from './run-scenario.js';
export { SCENARIOS } from './scenarios/index.js';
export { PROFILES } from './profiles/index.js';
export { Rng } from './prng.js';
export type { ScenarioDef, ScenarioInfo, BuildEnv } from './scenario.js';
export { writeManagedFleet, MANAGED_FLEET_DEVICES } from './managed-fleet/write-managed-fleet.js';
