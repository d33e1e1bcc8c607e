// Reads of user/device data -> data.access {category, items}. Reads of one category are merged
// into one event per burst (1 s idle, 5 s max): an app reading 300 contacts row by row is one
// event with items 300, not 300 events. Frida side.
import Java from 'frida-java-bridge';
import { type DataCategory, categoryForUri } from '../categories.js';
import { Coalescer } from '../coalescer.js';
import { buildDataAccess } from '../events.js';
import { fridaScheduler, runtime } from '../runtime.js';
import { hook, identity, outermost, safe } from '../java-util.js';

type Wrapper = Java.Wrapper;

interface Acc {
  items: number;
  /** objects already counted (e.g. one Location read for latitude and longitude) */
  seen: Set<number>;
}

const reads = new Coalescer<DataCategory, Acc>(fridaScheduler, { idleMs: 1000, maxMs: 5000 }, (category, acc) => {
  runtime.emit(buildDataAccess({ category, items: acc.items }));
});

/** Counts `items` reads of `category`; with `object`, each object once per burst. */
export function noteRead(category: DataCategory, items = 1, object?: number): void {
  reads.add(category, () => ({ items: 0, seen: new Set<number>() }), (acc) => {
    if (object !== undefined) {
      if (acc.seen.has(object)) return;
      acc.seen.add(object);
    }
    acc.items += Math.max(0, items);
  });
}

function hookContentProviders(): void {
  hook('android.content.ContentResolver', 'query', (_self, args, original) => outermost('cr.query', original, (cursor: Wrapper | null) => {
    const uri = args[0] as Wrapper | null;
    if (uri === null) return;
    const category = categoryForUri(String(uri.toString()));
    if (!category) return;
    let items = 0;
    if (cursor !== null) safe('Cursor.getCount', () => {
      items = Number(cursor.getCount());
    });
    noteRead(category, items);
  }));
}

function hookLocation(): void {
  hook('android.location.LocationManager', 'getLastKnownLocation', (_self, _args, original) => {
    const loc = original();
    safe('getLastKnownLocation', () => {
      if (loc !== null) noteRead('location', 1, identity(loc));
    });
    return loc;
  });
  for (const m of ['getLatitude', 'getLongitude']) {
    hook('android.location.Location', m, (self, _args, original) => {
      const r = original();
      safe('Location', () => noteRead('location', 1, identity(self)));
      return r;
    });
  }
}

function hookDeviceIds(): void {
  for (const m of ['getDeviceId', 'getImei', 'getMeid', 'getSubscriberId', 'getLine1Number', 'getSimSerialNumber']) {
    hook('android.telephony.TelephonyManager', m, (_self, _args, original) => {
      const r = original();
      safe('TelephonyManager', () => {
        if (r !== null) noteRead('device_info');
      });
      return r;
    });
  }
  hook('android.provider.Settings$Secure', 'getString', (_self, args, original) => {
    const r = original();
    safe('Settings.Secure.getString', () => {
      if (args[1] === 'android_id' && r !== null) noteRead('device_info');
    });
    return r;
  });
}

function hookOtherSources(): void {
  hook('android.content.ClipboardManager', 'getPrimaryClip', (_self, _args, original) => {
    const clip = original();
    safe('getPrimaryClip', () => {
      if (clip !== null) noteRead('clipboard', Number(clip.getItemCount()));
    });
    return clip;
  });
  for (const m of ['getAccounts', 'getAccountsByType']) {
    hook('android.accounts.AccountManager', m, (_self, _args, original) => {
      const accounts = original();
      safe('AccountManager', () => {
        if (accounts !== null) noteRead('accounts', Number(accounts.length));
      });
      return accounts;
    });
  }
  for (const m of ['getInstalledPackages', 'getInstalledApplications']) {
    hook('android.app.ApplicationPackageManager', m, (_self, _args, original) => outermost('pm.list', original, (list: Wrapper | null) => {
      if (list !== null) noteRead('app_list', Number(list.size()));
    }));
  }
  // SMS arriving at the app's receiver (banking trojans intercept OTPs)
  hook('android.telephony.SmsMessage', 'createFromPdu', (_self, _args, original) => {
    const msg = original();
    safe('SmsMessage', () => {
      if (msg !== null) noteRead('sms');
    });
    return msg;
  });
  // the app is a notification listener
  hook('android.service.notification.NotificationListenerService$NotificationListenerWrapper', 'onNotificationPosted', (_self, _args, original) => {
    safe('onNotificationPosted', () => noteRead('notifications'));
    return original();
  });
}

export function installDataHooks(): void {
  hookContentProviders();
  hookLocation();
  hookDeviceIds();
  hookOtherSources();
}

export function flushData(): void {
  reads.flushAll();
}
