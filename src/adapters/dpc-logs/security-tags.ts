// Every SecurityLog tag Android documents (android.app.admin.SecurityLog.TAG_*, the value
// SecurityEvent.getTag() returns) and the two NetworkEvent classes of retrieveNetworkLogs: what
// ciphertrail makes of each, or why it is left out. The mapping test pins this table; a tag not
// listed is an `unknown_tag` issue.
import type { RecordKind } from '../device-logs/record.js';

export interface TagUse { name: string; use: RecordKind | { ignored: string } }

const POSTURE = 'device security posture, not an app context of the chain';
const ADMIN = 'an administrator setting, not app behaviour';
const LINK = 'a Wi-Fi or Bluetooth link, not an app send';

export const NETWORK_EVENTS: Readonly<Record<string, RecordKind>> = { DnsEvent: 'dns', ConnectEvent: 'connect' };

export const SECURITY_TAGS: Readonly<Record<number, TagUse>> = {
  210001: { name: 'TAG_ADB_SHELL_INTERACTIVE', use: { ignored: 'operator shell access over USB, not an app' } },
  210002: { name: 'TAG_ADB_SHELL_CMD', use: { ignored: 'operator shell access over USB, not an app (the command text is never read)' } },
  210003: { name: 'TAG_SYNC_RECV_FILE', use: { ignored: 'a file copied off over adb by an operator, not an app write' } },
  210004: { name: 'TAG_SYNC_SEND_FILE', use: { ignored: 'a file copied on over adb by an operator, not an app write' } },
  210005: { name: 'TAG_APP_PROCESS_START', use: 'process_start' },
  210006: { name: 'TAG_KEYGUARD_DISMISSED', use: 'keyguard_dismissed' },
  210007: { name: 'TAG_KEYGUARD_DISMISS_AUTH_ATTEMPT', use: { ignored: 'an unlock attempt; the unlock itself is TAG_KEYGUARD_DISMISSED' } },
  210008: { name: 'TAG_KEYGUARD_SECURED', use: 'keyguard_secured' },
  210009: { name: 'TAG_OS_STARTUP', use: { ignored: POSTURE } },
  210010: { name: 'TAG_OS_SHUTDOWN', use: { ignored: POSTURE } },
  210011: { name: 'TAG_LOGGING_STARTED', use: { ignored: 'audit logging state' } },
  210012: { name: 'TAG_LOGGING_STOPPED', use: { ignored: 'audit logging state' } },
  210013: { name: 'TAG_MEDIA_MOUNT', use: { ignored: 'removable storage, not an app context' } },
  210014: { name: 'TAG_MEDIA_UNMOUNT', use: { ignored: 'removable storage, not an app context' } },
  210015: { name: 'TAG_LOG_BUFFER_SIZE_CRITICAL', use: { ignored: 'audit logging state (events may have been lost: noted)' } },
  210016: { name: 'TAG_PASSWORD_EXPIRATION_SET', use: { ignored: ADMIN } },
  210017: { name: 'TAG_PASSWORD_COMPLEXITY_SET', use: { ignored: ADMIN } },
  210018: { name: 'TAG_PASSWORD_HISTORY_LENGTH_SET', use: { ignored: ADMIN } },
  210019: { name: 'TAG_MAX_SCREEN_LOCK_TIMEOUT_SET', use: { ignored: ADMIN } },
  210020: { name: 'TAG_MAX_PASSWORD_ATTEMPTS_SET', use: { ignored: ADMIN } },
  210021: { name: 'TAG_KEYGUARD_DISABLED_FEATURES_SET', use: { ignored: ADMIN } },
  210022: { name: 'TAG_REMOTE_LOCK', use: { ignored: ADMIN } },
  210023: { name: 'TAG_WIPE_FAILURE', use: { ignored: ADMIN } },
  210024: { name: 'TAG_KEY_GENERATED', use: 'key_generated' },
  210025: { name: 'TAG_KEY_IMPORT', use: 'key_imported' },
  210026: { name: 'TAG_KEY_DESTRUCTION', use: 'key_destroyed' },
  210027: { name: 'TAG_USER_RESTRICTION_ADDED', use: { ignored: ADMIN } },
  210028: { name: 'TAG_USER_RESTRICTION_REMOVED', use: { ignored: ADMIN } },
  210029: { name: 'TAG_CERT_AUTHORITY_INSTALLED', use: { ignored: POSTURE } },
  210030: { name: 'TAG_CERT_AUTHORITY_REMOVED', use: { ignored: POSTURE } },
  210031: { name: 'TAG_CRYPTO_SELF_TEST_COMPLETED', use: { ignored: 'the platform crypto module self-test, not an app encrypting' } },
  210032: { name: 'TAG_KEY_INTEGRITY_VIOLATION', use: { ignored: 'a corrupted key, not a key coming into use' } },
  210033: { name: 'TAG_CERT_VALIDATION_FAILURE', use: { ignored: 'Wi-Fi access point validation, not an app send' } },
  210034: { name: 'TAG_CAMERA_POLICY_SET', use: { ignored: ADMIN } },
  210035: { name: 'TAG_PASSWORD_COMPLEXITY_REQUIRED', use: { ignored: ADMIN } },
  210036: { name: 'TAG_PASSWORD_CHANGED', use: { ignored: POSTURE } },
  210037: { name: 'TAG_WIFI_CONNECTION', use: { ignored: LINK } },
  210038: { name: 'TAG_WIFI_DISCONNECTION', use: { ignored: LINK } },
  210039: { name: 'TAG_BLUETOOTH_CONNECTION', use: { ignored: LINK } },
  210040: { name: 'TAG_BLUETOOTH_DISCONNECTION', use: { ignored: LINK } },
  210041: { name: 'TAG_PACKAGE_INSTALLED', use: { ignored: 'package and version code only: no installer or signer for the inventory facet' } },
  210042: { name: 'TAG_PACKAGE_UPDATED', use: { ignored: 'package and version code only: no installer or signer for the inventory facet' } },
  210043: { name: 'TAG_PACKAGE_UNINSTALLED', use: { ignored: 'an app leaving the device, not a chain step' } },
  210044: { name: 'TAG_BACKUP_SERVICE_TOGGLED', use: { ignored: ADMIN } },
  210045: { name: 'TAG_NFC_ENABLED', use: { ignored: LINK } },
  210046: { name: 'TAG_NFC_DISABLED', use: { ignored: LINK } },
};

export const TAG_BY_NAME: ReadonlyMap<string, number> = new Map(Object.entries(SECURITY_TAGS).map(([v, t]) => [t.name, Number(v)]));
