// Steps shared by scenarios and profiles: install facts, lock/unlock, common key shapes.
import type { AppEntry } from '../model/index.js';
import { signerOf } from './material.js';
import { simKey, type AppStream, type SimKey } from './stream.js';

/** an approved-inventory entry with the fields the simulation always sets */
export type ApprovedApp = AppEntry & { signer: string; label: string; expected_domains?: string[] };

export function approvedApp(pkg: string, label: string, domains: string[] | undefined, backgroundNetwork: boolean): ApprovedApp {
  return {
    package: pkg, approved: true, label, signer: signerOf(`${pkg}/release`),
    ...(domains ? { expected_domains: domains } : {}), background_network: backgroundNetwork,
  };
}

/** app.info of an approved app as the MDM reports it */
export function approvedInfo(s: AppStream, app: ApprovedApp, version: string, permissions?: string[]): AppStream {
  return s.appInfo({
    version, installer: 'com.android.vending', signer: app.signer, approved: true, label: app.label,
    ...(permissions ? { permissions } : {}),
  });
}

/** app.info of a sideloaded app the inventory does not know */
export function sideloadInfo(s: AppStream, certificate: string, version: string, permissions: string[]): AppStream {
  return s.appInfo({ version, installer: 'sideload', signer: signerOf(certificate), permissions });
}

export function unlock(s: AppStream): AppStream {
  return s.deviceState('on', false).deviceInteraction();
}

export function lock(s: AppStream): AppStream {
  return s.deviceState('off', true);
}

/** a per-device hardware-backed Keystore key of an app */
export function keystoreKey(device: string, app: string, alias = 'main'): SimKey {
  return simKey(`${device}/${app}/keystore/${alias}`, 'AES', 256, 'keystore', { hw_backed: true, mode: 'GCM' });
}

/** a fresh random key (KeyGenerator) */
export function generatedKey(s: AppStream, alg = 'AES', bits = 256, mode = 'GCM'): SimKey {
  return simKey(`${s.device}/${s.app}/gen/${s.t}/${s.rng.hex(8)}`, alg, bits, 'generated', { mode });
}

export const PERM = {
  accessibility: 'android.permission.BIND_ACCESSIBILITY_SERVICE',
  readSms: 'android.permission.READ_SMS',
  receiveSms: 'android.permission.RECEIVE_SMS',
  contacts: 'android.permission.READ_CONTACTS',
  overlay: 'android.permission.SYSTEM_ALERT_WINDOW',
  location: 'android.permission.ACCESS_FINE_LOCATION',
  callLog: 'android.permission.READ_CALL_LOG',
  internet: 'android.permission.INTERNET',
  notifications: 'android.permission.BIND_NOTIFICATION_LISTENER_SERVICE',
  phone: 'android.permission.READ_PHONE_STATE',
  foregroundService: 'android.permission.FOREGROUND_SERVICE',
  queryAll: 'android.permission.QUERY_ALL_PACKAGES',
  camera: 'android.permission.CAMERA',
} as const;
