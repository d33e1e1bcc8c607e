// `simulate --scenario NAME|all`: one NDJSON file per scenario, all.ndjson (merged in ts order),
// labels.json (one label per device of each scenario) and policy.yaml (the inventory they assume).
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LabelsFile, TelemetryEvent } from '../model/index.js';
import type { ScenarioDef } from './scenario.js';
import { SCENARIOS } from './scenarios/index.js';
import { labelsOf, runScenario } from './run-scenario.js';
import { inventoryOf, renderPolicyYaml } from './policy-yaml.js';
import { writeLines } from './ndjson-writer.js';

export interface ScenarioListing {
  name: string;
  malicious: boolean;
  twin?: string;
  grounding?: string;
  note: string;
}

export function listScenarios(): ScenarioListing[] {
  return SCENARIOS.map((s) => ({
    name: s.name, malicious: s.malicious, ...(s.twin ? { twin: s.twin } : {}),
    ...(s.grounding ? { grounding: s.grounding } : {}), note: s.note,
  }));
}

export function selectScenarios(name: string): ScenarioDef[] {
  if (name === 'all') return [...SCENARIOS];
  const def = SCENARIOS.find((s) => s.name === name);
  if (!def) throw new Error(`unknown scenario '${name}'; valid names: all, ${SCENARIOS.map((s) => s.name).join(', ')}`);
  return [def];
}

/** the policy for the library: the whole enterprise inventory, whichever scenarios were written */
export function scenarioPolicyYaml(): string {
  return renderPolicyYaml(inventoryOf(SCENARIOS),
    'ciphertrail simulate: approved-app inventory assumed by the scenario library and the fleet.\n' +
    'Malicious packages are deliberately absent; com.example.notes is the genuine app the clone imitates.');
}

const toLines = (events: TelemetryEvent[]) => events.map((e) => JSON.stringify(e));

export async function writeScenarios(outDir: string, opts: { scenario: string; seed: number }): Promise<{ files: string[]; labels: LabelsFile }> {
  if (!Number.isInteger(opts.seed) || opts.seed < 0) throw new Error(`seed must be a non-negative integer, got ${opts.seed}`);
  const defs = selectScenarios(opts.scenario);
  await mkdir(outDir, { recursive: true });
  const files: string[] = [];
  const labels: LabelsFile = { version: 1, seed: opts.seed, scenarios: [] };
  const all: TelemetryEvent[][] = [];
  for (const def of defs) {
    const events = runScenario(def, opts.seed);
    const file = join(outDir, `${def.name}.ndjson`);
    await writeLines(file, toLines(events));
    files.push(file);
    labels.scenarios.push(...labelsOf(def));
    if (opts.scenario === 'all') all.push(events);
  }
  if (opts.scenario === 'all') {
    // stable merge: ts, then library order, then file order
    const merged = all.flat().map((e, i) => ({ e, i }));
    merged.sort((a, b) => a.e.ts - b.e.ts || a.i - b.i);
    const file = join(outDir, 'all.ndjson');
    await writeLines(file, merged.map(({ e }) => JSON.stringify(e)));
    files.push(file);
  }
  const labelsFile = join(outDir, 'labels.json');
  await writeFile(labelsFile, JSON.stringify(labels, null, 2) + '\n');
  const policyFile = join(outDir, 'policy.yaml');
  await writeFile(policyFile, scenarioPolicyYaml());
  files.push(labelsFile, policyFile);
  return { files, labels };
}
