// Minimal reproductions of the divergences the random corpora found, shrunk from the seed named
// (test/fixtures/differential/<name>.ndjson, arrival order). Each is a few events of the same
// class: engine state that one host sees and another does not, depending on when the engine's
// periodic sweep ran (every 60 s of the event time of the events THAT engine sees).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers.js';
import type { Kind } from './judge.js';

export interface Fixture {
  name: string;
  seed: number;
  window: number;
  lateness: number;
  inventory: boolean;
  /** with sweep-aligning heartbeats (align.ts): the divergence left once sweeps agree */
  aligned?: boolean;
  /** every host now agrees that nothing is raised (the divergence was an alert one host raised) */
  quiet?: boolean;
  kind: Kind;
  /** what differs, and why (engine.ts / app-context.ts lines as of this test's commit) */
  why: string;
}

const M = 60_000;

export const FIXTURES: Fixture[] = [
  { name: 'context-evicted-in-partition', seed: 392, window: 2 * M, lateness: 1000, inventory: false, kind: 'sweep',
    why: 'the known NATS-only low alert (origin unknown): the partition sweeps at an event of another app of the same device 131 s after the ' +
      'password manager\'s last event and evicts its context (Engine.sweep, idle > window + lateness), with its `derived` key record and its ' +
      'foreground state; detect\'s sweeps fall 1 s too early and at the app\'s own next event (processed before the sweep), so it keeps both' },
  { name: 'key-record-evicted-in-partition', seed: 392, window: 2 * M, lateness: 1000, inventory: false, kind: 'sweep',
    why: 'the context stays, only its key record goes (AppContext.evictKeys at the partition\'s sweep 0.3 s before the first op): ' +
      'origin derived in detect, unknown in the partitions, so another score and another chain id' },
  { name: 'context-evicted-in-detect', seed: 7, window: 2 * M, lateness: 1000, inventory: true, kind: 'sweep',
    why: 'the reverse: another device\'s event makes detect sweep while the app is idle, evicting its context (app state "service"); ' +
      'the partition\'s next sweep comes after the app\'s next event, which refreshed it: background.app_states differs' },
  { name: 'encrypt-only-moment', seed: 24, window: 2 * M, lateness: 60_000, inventory: true, kind: 'sweep',
    why: 'a device without network telemetry: its last encrypt is evaluated at the next sweep (Engine.evaluateEncryptOnly), and a later ' +
      'encrypt before that sweep replaces it (one entry per context); detect sweeps between the two encrypts, the partition does not, ' +
      'so detect\'s chain starts 80 s earlier (another id)' },
  { name: 'encrypt-only-fleet-last-use', seed: 772, window: 2 * M, lateness: 30_000, inventory: false, aligned: true, kind: 'encrypt-only',
    why: 'with every sweep aligned: two devices without network telemetry, one hard-coded key; B\'s encrypt at t is judged at the next ' +
      'sweep, after A used the key again: detect\'s fleet index keeps one last use per device (FleetKeys.countDevices), A\'s is now past ' +
      't, so 1 device and no alert; the partitions count A\'s use before t from CT_USES: 2 devices, low/32' },
  { name: 'born-key-record-evicted-in-detect', seed: 30, window: 5 * M, lateness: 30_000, inventory: true, kind: 'sweep',
    why: 'a Keystore key announced, used 15 min later: detect evicted the idle context (sweep at another device\'s event) so the use reads ' +
      'as a key not born on the device and is noted in the fleet key index; the partition (and publish, which remembers announcements ' +
      '1 h) did not: devices_with_key 3 in detect, 2 in the partitions' },
  { name: 'born-key-publisher-memory', seed: 157, window: 2 * M, lateness: 60_000, inventory: false, aligned: true, kind: 'born-key', quiet: true,
    why: 'with every sweep aligned: a `generated` key announced and used 23 min later on device A was forgotten by A\'s engine ' +
      '(window + lateness) but remembered 1 h by publish, so the use counted for A in detect and not on CT_USES; the engine and ' +
      'publish now share one rule (keyHorizonsOf: an announced key stays the device\'s for the staging horizon): no host counts it' },
  { name: 'born-key-announced-after-use-arrives', seed: 88, window: 5 * M, lateness: 30_000, inventory: true, kind: 'born-key', quiet: true,
    why: 'an encrypt op arrives (within the lateness) before the announcement of its `generated` key, which is 31 ms older: the ' +
      'engines put the announcement first and do not count the use, publish read them in arrival order and put the use on CT_USES, ' +
      'so another device\'s partition counted 2 devices for a key copied onto it; publish now reads crypto events in canonical order' },
];

export const fixtureLines = (f: Fixture): string[] =>
  readFileSync(join(ROOT, 'test/fixtures/differential', `${f.name}.ndjson`), 'utf8').split('\n').filter((l) => l);
