import type { CommandSpec } from '../options/spec.js';
import { OUT_FILE } from '../options/common.js';

export const COLLECT: CommandSpec = {
  name: 'collect',
  synopsis: 'collect --package PKG',
  summary: 'run the Frida sensor on a device and stream telemetry v1',
  usage: ['collect --package PKG [--spawn] [--device ID] [-o FILE] [--frida PATH]'],
  description: 'Runs the Frida sensor (sensor/frida/dist/agent.js) against PKG on the USB device with the frida CLI (spawned with --spawn, attached otherwise) and writes telemetry v1 NDJSON to stdout or --out:\n  ciphertrail collect --package com.example.app --spawn | ciphertrail detect -\nThe deployment\'s fingerprint secret (CIPHERTRAIL_FP_SECRET_FILE, else CIPHERTRAIL_FP_SECRET) is handed to the agent: key, IV and device fingerprints are then keyed (hmac-sha256-16).\nSee sensor/frida/README.md for the device set-up and what the secret protects.',
  positionals: false,
  options: [
    { name: 'package', type: 'string', arg: 'PKG', help: 'the app to instrument (required)' },
    { name: 'spawn', type: 'boolean', help: 'start the app under the sensor instead of attaching to it' },
    { name: 'device', type: 'string', arg: 'ID', help: 'the frida device id (default: the USB device)' },
    OUT_FILE,
    { name: 'frida', type: 'string', arg: 'PATH', help: 'the frida CLI (default: frida on PATH)' },
    { name: 'agent', type: 'string', arg: 'FILE', help: 'the agent script (default: sensor/frida/dist/agent.js)' },
  ],
};
