// The scenario library: every malicious variant next to its benign twin, then the benign profiles.
import type { ScenarioDef } from '../scenario.js';
import { PROFILES, type BenignProfile } from '../profiles/index.js';
import { anubis, anubisTwin } from './anubis.js';
import { ermac, ermacTwin } from './ermac.js';
import { hook, hookTwin } from './hook.js';
import { vultur, vulturTwin } from './vultur.js';
import { sharkbot, sharkbotTwin } from './sharkbot.js';
import { eventbot, eventbotTwin } from './eventbot.js';
import { lightspy, lightspyTwin } from './lightspy.js';
import { rotexy, rotexyTwin } from './rotexy.js';
import { stageLater, stageLaterTwin } from './stage-later.js';
import { stageAfterWindow, stageAfterWindowTwin } from './stage-after-window.js';
import { remoteProcess, remoteProcessTwin } from './remote-process.js';
import { sharedKey, sharedKeyTwin } from './shared-key.js';
import { clone, cloneTwin } from './clone.js';
import { blindSensor, blindSensorTwin } from './blind-sensor.js';
import { approvedDrift, approvedDriftTwin } from './approved-drift.js';
import { smsExfil, smsTwin } from './sms-exfil.js';

export function profileScenario(p: BenignProfile): ScenarioDef {
  return {
    name: p.name, malicious: false, note: p.note, app: p.entry.package, devices: 1,
    ...(p.startHour !== undefined ? { startHour: p.startHour } : {}),
    inventory: [p.entry], allowedCrypto: p.allowedCrypto ? [p.entry.package] : [],
    build: (env) => p.scenario(env),
  };
}

export const SCENARIOS: readonly ScenarioDef[] = [
  anubis, anubisTwin,
  ermac, ermacTwin,
  hook, hookTwin,
  vultur, vulturTwin,
  sharkbot, sharkbotTwin,
  eventbot, eventbotTwin,
  lightspy, lightspyTwin,
  rotexy, rotexyTwin,
  stageLater, stageLaterTwin,
  stageAfterWindow, stageAfterWindowTwin,
  remoteProcess, remoteProcessTwin,
  sharedKey, sharedKeyTwin,
  clone, cloneTwin,
  blindSensor, blindSensorTwin,
  approvedDrift, approvedDriftTwin,
  smsExfil, smsTwin,
  ...PROFILES.map(profileScenario),
];
