import type { CommandSpec } from '../options/spec.js';

export const SIMULATE: CommandSpec = {
  name: 'simulate',
  synopsis: 'simulate --out-dir DIR',
  summary: 'write labelled scenario telemetry, or a large fleet file',
  usage: ['simulate --out-dir DIR [--scenario NAME|all] [--seed N]', 'simulate --out-dir DIR --devices N --hours H [--mix sparse|dense] [--seed N]', 'simulate --out-dir DIR --managed-fleet [--devices N] [--seed N]', 'simulate --list'],
  description: 'The first form writes labelled scenario telemetry: DIR/<scenario>.ndjson, DIR/all.ndjson, DIR/labels.json and DIR/policy.yaml (the inventory the scenarios assume).\nThe second writes a large mixed fleet file DIR/fleet.ndjson (+ fleet.ndjson.labels.json) for benchmarks, deterministic for a seed. --list prints the scenario library.\nThe third writes one managed fleet (default 6 devices) as its EMM sees it (usage-logs.ndjson: Android Management API notifications; dpc-logs.ndjson: one device\'s DPC export) and as the Frida sensor sees it (sensor.ndjson), with labels.json, policy.yaml and policy-partial.yaml.',
  positionals: false,
  options: [
    { name: 'out-dir', type: 'string', arg: 'DIR', help: 'output directory (created)' },
    { name: 'out', type: 'string', arg: 'DIR', help: 'same as --out-dir', deprecated: { to: 'out-dir' } },
    { name: 'scenario', type: 'string', arg: 'NAME', default: 'all', help: 'one scenario or all' },
    { name: 'seed', type: 'string', arg: 'N', default: '1', help: 'random seed' },
    { name: 'devices', type: 'string', arg: 'N', help: 'fleet size: devices' },
    { name: 'hours', type: 'string', arg: 'H', help: 'fleet size: hours' },
    { name: 'mix', type: 'string', arg: 'MIX', values: ['sparse', 'dense'], help: "the fleet's apps (default sparse): sparse has few apps encrypting and sending in the same windows; dense has most of them do so in two busy blocks a day per device (a chunked backup with hundreds of encrypt ops per 10 minutes, two messengers, photo uploads, the MDM agent) and a beaconing RAT on ~10% of devices; about the same events per device-hour" },
    { name: 'managed-fleet', type: 'boolean', help: 'one day of a managed fleet as its EMM and the sensor see it (no --hours or --mix)' },
    { name: 'list', type: 'boolean', help: 'list the scenarios with their grounding and twin' },
  ],
  exits: ['0  written', '2  usage error'],
};
