// Every UsageLogEvent type the Android Management API documents (EventType enum, and the union
// field that carries its payload): what ciphertrail makes of it, or why it is left out. The
// mapping test pins this table; a type not listed here is an `unknown_event_type` issue.
import type { RecordKind } from '../device-logs/record.js';

export interface UsageLogType {
  /** the UsageLogEvent union field */
  field: string;
  /** what it becomes, or the reason it has no place */
  use: RecordKind | { ignored: string };
}

const SECURITY_ONLY = 'device security posture, not an app context of the chain';
const ADMIN = 'an administrator or enrollment action, not app behaviour';

export const USAGE_LOG_TYPES: Readonly<Record<string, UsageLogType>> = {
  DNS: { field: 'dnsEvent', use: 'dns' },
  CONNECT: { field: 'connectEvent', use: 'connect' },
  KEYGUARD_SECURED: { field: 'keyguardSecuredEvent', use: 'keyguard_secured' },
  KEYGUARD_DISMISSED: { field: 'keyguardDismissedEvent', use: 'keyguard_dismissed' },
  APP_PROCESS_START: { field: 'appProcessStartEvent', use: 'process_start' },
  KEY_GENERATED: { field: 'keyGeneratedEvent', use: 'key_generated' },
  KEY_IMPORT: { field: 'keyImportEvent', use: 'key_imported' },
  KEY_DESTRUCTION: { field: 'keyDestructionEvent', use: 'key_destroyed' },
  KEYGUARD_DISMISS_AUTH_ATTEMPT: { field: 'keyguardDismissAuthAttemptEvent', use: { ignored: 'an unlock attempt; the unlock itself is KEYGUARD_DISMISSED' } },
  KEY_INTEGRITY_VIOLATION: { field: 'keyIntegrityViolationEvent', use: { ignored: 'a corrupted key, not a key coming into use' } },
  ADB_SHELL_COMMAND: { field: 'adbShellCommandEvent', use: { ignored: 'operator shell access over USB, not an app (the command text is never read)' } },
  ADB_SHELL_INTERACTIVE: { field: 'adbShellInteractiveEvent', use: { ignored: 'operator shell access over USB, not an app' } },
  FILE_PULLED: { field: 'filePulledEvent', use: { ignored: 'a file copied off over adb by an operator, not an app write' } },
  FILE_PUSHED: { field: 'filePushedEvent', use: { ignored: 'a file copied on over adb by an operator, not an app write' } },
  CERT_AUTHORITY_INSTALLED: { field: 'certAuthorityInstalledEvent', use: { ignored: SECURITY_ONLY } },
  CERT_AUTHORITY_REMOVED: { field: 'certAuthorityRemovedEvent', use: { ignored: SECURITY_ONLY } },
  CERT_VALIDATION_FAILURE: { field: 'certValidationFailureEvent', use: { ignored: 'Wi-Fi access point validation, not an app send' } },
  CRYPTO_SELF_TEST_COMPLETED: { field: 'cryptoSelfTestCompletedEvent', use: { ignored: 'the platform crypto module self-test, not an app encrypting' } },
  LOGGING_STARTED: { field: 'loggingStartedEvent', use: { ignored: 'audit logging state' } },
  LOGGING_STOPPED: { field: 'loggingStoppedEvent', use: { ignored: 'audit logging state' } },
  LOG_BUFFER_SIZE_CRITICAL: { field: 'logBufferSizeCriticalEvent', use: { ignored: 'audit logging state (events may have been lost: noted)' } },
  MEDIA_MOUNT: { field: 'mediaMountEvent', use: { ignored: 'removable storage, not an app context' } },
  MEDIA_UNMOUNT: { field: 'mediaUnmountEvent', use: { ignored: 'removable storage, not an app context' } },
  OS_STARTUP: { field: 'osStartupEvent', use: { ignored: SECURITY_ONLY } },
  OS_SHUTDOWN: { field: 'osShutdownEvent', use: { ignored: SECURITY_ONLY } },
  REMOTE_LOCK: { field: 'remoteLockEvent', use: { ignored: ADMIN } },
  WIPE_FAILURE: { field: 'wipeFailureEvent', use: { ignored: ADMIN } },
  STOP_LOST_MODE: { field: 'stopLostModeUserAttemptEvent', use: { ignored: ADMIN } },
  LOST_MODE_OUTGOING_PHONE_CALL: { field: 'lostModeOutgoingPhoneCallEvent', use: { ignored: ADMIN } },
  LOST_MODE_LOCATION: { field: 'lostModeLocationEvent', use: { ignored: ADMIN } },
  ENROLLMENT_COMPLETE: { field: 'enrollmentCompleteEvent', use: { ignored: ADMIN } },
  BACKUP_SERVICE_TOGGLED: { field: 'backupServiceToggledEvent', use: { ignored: ADMIN } },
  EVENT_TYPE_UNSPECIFIED: { field: '', use: { ignored: 'reserved value: the API never sends it for an event' } },
};
