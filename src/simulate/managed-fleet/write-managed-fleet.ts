// `simulate --managed-fleet`: one managed fleet written as what its EMM already collects
// (usage-logs.ndjson: Android Management API notifications for all devices but the last;
// dpc-logs.ndjson: the last device's DPC export) and as what the Frida sensor adds on the same
// devices (sensor.ndjson, telemetry v1), with labels and the policy. The EMM-only fleet is the two
// log files; the same fleet with the sensor is the three.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LabelsFile } from '../../model/index.js';
import { writeLines } from '../ndjson-writer.js';
import { renderPolicyYaml } from '../policy-yaml.js';
import { APPS, planFleet } from './plan.js';
import { dpcExport, usageLogNotifications } from './render-logs.js';

export const MANAGED_FLEET_DEVICES = 6;

export interface ManagedFleetFiles { usageLogs: string; dpcLogs: string; sensor: string; labels: string; policy: string; partialPolicy: string }

export async function writeManagedFleet(outDir: string, opts: { devices?: number; seed: number }): Promise<ManagedFleetFiles> {
  const n = opts.devices ?? MANAGED_FLEET_DEVICES;
  if (!Number.isInteger(n) || n < 2) throw new Error(`a managed fleet needs at least 2 devices (one reports through a DPC export), got ${n}`);
  const plan = planFleet(n, opts.seed);
  await mkdir(outDir, { recursive: true });
  const f: ManagedFleetFiles = {
    usageLogs: join(outDir, 'usage-logs.ndjson'), dpcLogs: join(outDir, 'dpc-logs.ndjson'), sensor: join(outDir, 'sensor.ndjson'),
    labels: join(outDir, 'labels.json'), policy: join(outDir, 'policy.yaml'), partialPolicy: join(outDir, 'policy-partial.yaml'),
  };
  const last = plan.devices[plan.devices.length - 1];
  await writeLines(f.usageLogs, usageLogNotifications(plan.devices.slice(0, -1)));
  await writeLines(f.dpcLogs, dpcExport(last));
  const sensor = plan.devices.flatMap((d) => d.sensor).map((e, i) => ({ e, i })).sort((a, b) => a.e.ts - b.e.ts || a.i - b.i);
  await writeLines(f.sensor, sensor.map(({ e }, i) => JSON.stringify({ ...e, src: 'frida', id: `frida-${i + 1}` })));
  const labels: LabelsFile = { version: 1, seed: opts.seed, scenarios: plan.labels };
  await writeFile(f.labels, JSON.stringify(labels, null, 2) + '\n');
  const inv = {
    allowedCrypto: [APPS.chat],
    apps: [
      { package: APPS.chat, approved: true, label: 'messaging', expected_domains: ['chat.example.org'] },
      { package: APPS.backup, approved: true, label: 'backup', expected_domains: ['backup.example.com'], background_network: true },
      { package: APPS.notes, approved: true, label: 'notes', expected_domains: ['notes.example.org'] },
    ],
  };
  const head = 'ciphertrail simulate --managed-fleet: the approved-app inventory of the simulated managed fleet.\n' +
    `${APPS.flash} is deliberately absent.`;
  const policy = renderPolicyYaml(inv, head);
  await writeFile(f.policy, policy);
  await writeFile(f.partialPolicy, policy + '# devices with usage logs only: raise low, labelled partial chains\npartial_chains: true\n');
  return f;
}
