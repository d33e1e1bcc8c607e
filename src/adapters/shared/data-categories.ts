// Which telemetry v1 `data.access` category a hooked API, a content URI or a taint tag stands for.
import type { DataCategory } from '../../model/index.js';

/** `Class.method` (simple class name) of getters that return device or subscriber identifiers */
const API_CATEGORY: Record<string, DataCategory> = {
  'TelephonyManager.getDeviceId': 'device_info',
  'TelephonyManager.getImei': 'device_info',
  'TelephonyManager.getMeid': 'device_info',
  'TelephonyManager.getSubscriberId': 'device_info',
  'TelephonyManager.getLine1Number': 'device_info',
  'TelephonyManager.getSimSerialNumber': 'device_info',
  'TelephonyManager.getVoiceMailNumber': 'device_info',
  'TelephonyManager.getNetworkOperator': 'device_info',
  'TelephonyManager.getNetworkOperatorName': 'device_info',
  'TelephonyManager.getSimOperator': 'device_info',
  'TelephonyManager.getSimOperatorName': 'device_info',
  'TelephonyManager.getSimCountryIso': 'device_info',
  'TelephonyManager.getNetworkCountryIso': 'device_info',
  'TelephonyManager.getDeviceSoftwareVersion': 'device_info',
  'TelephonyManager.getCellLocation': 'location',
  'TelephonyManager.getAllCellInfo': 'location',
  'TelephonyManager.getNeighboringCellInfo': 'location',
  'IPhoneSubInfo_Stub_Proxy.getSubscriberId': 'device_info',
  'IPhoneSubInfo_Stub_Proxy.getDeviceId': 'device_info',
  'WifiInfo.getMacAddress': 'device_info',
  'WifiInfo.getBSSID': 'device_info',
  'WifiInfo.getSSID': 'device_info',
  'WifiInfo.getIpAddress': 'device_info',
  'Build.getSerial': 'device_info',
  'LocationManager.getLastKnownLocation': 'location',
  'LocationManager.requestLocationUpdates': 'location',
  'LocationManager.requestSingleUpdate': 'location',
  'Location.getLatitude': 'location',
  'Location.getLongitude': 'location',
  'AccountManager.getAccounts': 'accounts',
  'AccountManager.getAccountsByType': 'accounts',
  'ApplicationPackageManager.getInstalledPackages': 'app_list',
  'ApplicationPackageManager.getInstalledApplications': 'app_list',
  'PackageManager.getInstalledPackages': 'app_list',
  'PackageManager.getInstalledApplications': 'app_list',
  'ClipboardManager.getPrimaryClip': 'clipboard',
  'ClipboardManager.getText': 'clipboard',
  'AudioRecord.startRecording': 'media',
  'MediaRecorder.start': 'media',
};

function simpleClass(cls: string): string {
  const dot = cls.lastIndexOf('.');
  return (dot >= 0 ? cls.slice(dot + 1) : cls).replace(/\$/g, '_');
}

/** category of a hooked getter, e.g. android.telephony.TelephonyManager.getDeviceId -> device_info */
export function categoryOfApi(cls: string, method: string): DataCategory | undefined {
  return API_CATEGORY[`${simpleClass(cls)}.${method}`];
}

/** Settings.Secure.getString(resolver, "android_id") reads the device's ANDROID_ID */
export function isAndroidIdRead(cls: string, method: string, args: readonly unknown[]): boolean {
  return /Settings[._$]Secure$/.test(cls) && method === 'getString' && args.some((a) => a === 'android_id');
}

const AUTHORITY_CATEGORY: [RegExp, DataCategory][] = [
  [/^(sms|mms|mms-sms)$/, 'sms'],
  [/^(contacts|com\.android\.contacts)$/, 'contacts'],
  [/^call_log$/, 'call_log'],
  [/^com\.android\.calendar$|^calendar$/, 'calendar'],
  [/^browser$|^com\.android\.browser$/, 'browser'],
  [/^media$/, 'media'],
];

/** category of a content provider query by its authority ("sms", "com.android.contacts"...) */
export function categoryOfAuthority(authority: string): DataCategory | undefined {
  for (const [re, c] of AUTHORITY_CATEGORY) if (re.test(authority)) return c;
  return undefined;
}

/** category of a content:// URI */
export function categoryOfContentUri(uri: string): DataCategory | undefined {
  const m = /^content:\/\/([^/?#]+)(\/[^?#]*)?/.exec(uri.trim());
  if (!m) return undefined;
  if (m[1] === 'media' && /images|video/.test(m[2] ?? '')) return 'photos';
  if (m[1] === 'com.android.contacts' && /^\/(calls)/.test(m[2] ?? '')) return 'call_log';
  return categoryOfAuthority(m[1]);
}

/** TaintDroid tags (DroidBox `dataleaks`) -> categories */
const TAINT_CATEGORY: Record<string, DataCategory> = {
  TAINT_LOCATION: 'location', TAINT_LOCATION_GPS: 'location', TAINT_LOCATION_NET: 'location', TAINT_LOCATION_LAST: 'location',
  TAINT_CONTACTS: 'contacts', TAINT_SMS: 'sms', TAINT_CALL_LOG: 'call_log',
  TAINT_IMEI: 'device_info', TAINT_IMSI: 'device_info', TAINT_ICCID: 'device_info', TAINT_PHONE_NUMBER: 'device_info', TAINT_DEVICE_SN: 'device_info',
  TAINT_ACCOUNTS: 'accounts', TAINT_HISTORY: 'browser', TAINT_CAMERA: 'photos', TAINT_MIC: 'media', TAINT_PACKAGE: 'app_list',
  TAINT_ACCELEROMETER: 'other', TAINT_OTHERDB: 'other', TAINT_FILECONTENT: 'files', TAINT_INCOMING_DATA: 'other', TAINT_USER_INPUT: 'keystrokes',
  TAINT_MEDIA: 'media',
  // the names DroidBox itself gives these bits (droidbox.py `tags`)
  TAINT_ACCOUNT: 'accounts', TAINT_BROWSER: 'browser', TAINT_EMAIL: 'accounts', TAINT_CALENDAR: 'calendar', TAINT_SETTINGS: 'device_info',
};

export function categoryOfTaintTag(tag: string): DataCategory | undefined {
  return TAINT_CATEGORY[tag.trim().toUpperCase()];
}

/** a read of the user's files on shared storage (not app-private data under Android/data or obb) */
export function categoryOfReadPath(path: string): DataCategory | undefined {
  const m = /^\/(?:sdcard|mnt\/sdcard|storage\/emulated\/\d+|storage\/sdcard\d*)\/(.*)$/.exec(path);
  if (!m || /^Android\/(data|obb)\//.test(m[1]) || m[1] === '') return undefined;
  return /^(DCIM|Pictures)\//i.test(m[1]) ? 'photos' : 'files';
}
