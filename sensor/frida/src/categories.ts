// Content URI -> telemetry v1 `data.access` category. PURE.
// Only providers that hold user or device data are mapped; anything else (the app's own
// providers, settings, Play services...) is `undefined` and produces no event.

export type DataCategory =
  | 'contacts' | 'sms' | 'call_log' | 'location' | 'accounts' | 'calendar' | 'photos' | 'media'
  | 'files' | 'clipboard' | 'notifications' | 'keystrokes' | 'device_info' | 'app_list'
  | 'browser' | 'credentials' | 'other';

/** authority -> category, or a function of the path segments for authorities that mix kinds */
const AUTHORITIES: Record<string, DataCategory | ((segments: string[]) => DataCategory | undefined)> = {
  'com.android.contacts': (s) => (s[0] === 'calls' ? 'call_log' : 'contacts'),
  contacts: 'contacts',
  icc: (s) => (s[0] === 'adn' || s[0] === 'fdn' || s[0] === 'sdn' ? 'contacts' : undefined), // SIM phone book
  sms: 'sms',
  mms: 'sms',
  'mms-sms': 'sms',
  call_log: 'call_log',
  'call_log_shadow': 'call_log',
  'com.android.calendar': 'calendar',
  calendar: 'calendar',
  media: mediaCategory,
  'com.android.providers.media.documents': (s) => {
    const id = decodeSafe(s[1] ?? '');
    return id.startsWith('image') ? 'photos' : id.startsWith('video') || id.startsWith('audio') ? 'media' : 'files';
  },
  'com.android.externalstorage.documents': 'files',
  'com.android.providers.downloads.documents': 'files',
  downloads: 'files',
  browser: 'browser',
  'com.android.browser': 'browser',
  'com.android.chrome.browser': 'browser',
  'com.android.browser.home': 'browser',
  user_dictionary: 'other', // words the keyboard learned from the user
};

function mediaCategory(segments: string[]): DataCategory | undefined {
  // content://media/<volume>/<kind>/...
  const kind = segments[1];
  switch (kind) {
    case 'images':
      return 'photos';
    case 'video':
    case 'audio':
      return 'media';
    case 'file':
    case 'downloads':
      return 'files';
    default:
      return 'media';
  }
}

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Category of the data behind a `content://` URI, or `undefined` when it is not user/device data. */
export function categoryForUri(uri: string): DataCategory | undefined {
  const m = /^content:\/\/([^/?#]+)(\/[^?#]*)?/i.exec(uri.trim());
  if (!m) return undefined;
  const authority = m[1].toLowerCase().replace(/^\d+@/, ''); // multi-user form: content://10@media/...
  const segments = (m[2] ?? '').split('/').filter((s) => s.length > 0);
  const rule = AUTHORITIES[authority];
  if (rule === undefined) return undefined;
  return typeof rule === 'function' ? rule(segments) : rule;
}
