export type { BenignProfile, BusyBlock, HourEnv } from './profile.js';
import type { BenignProfile } from './profile.js';
import { signal } from './signal.js';
import { wireguard } from './wireguard.js';
import { banking } from './banking.js';
import { passwordManager } from './password-manager.js';
import { backup } from './backup.js';
import { photoBackup } from './photo-backup.js';
import { mdm } from './mdm.js';
import { browser } from './browser.js';
import { adsdkWeather } from './adsdk.js';
import { packer } from './packer.js';

export const PROFILES: readonly BenignProfile[] = [
  signal, wireguard, banking, passwordManager, backup, photoBackup, mdm, browser, adsdkWeather, packer,
];
