// RFC 5424 syslog messages and their framing: octet counting over TCP and TLS (RFC 6587 §3.4.1,
// RFC 5425), one message per datagram over UDP (RFC 5426).
//
//   <PRI>1 TIMESTAMP HOSTNAME ciphertrail - ALERT [ciphertrail@32473 id="…" rev="2" final="true" severity="high"] MSG
//
// TIMESTAMP is the alert's last evidence time (event time: the same alert version gives the same
// message). 32473 is the enterprise number RFC 5612 reserves for examples: the structured-data id
// is for de-duplication by id and rev, not a registered schema.
import type { Alert, Severity } from '../model/index.js';

/** syslog severity of an alert severity: critical 2, high 3 (error), medium 4 (warning), low 5 (notice) */
export const SYSLOG_SEVERITY: Record<Severity, number> = { critical: 2, high: 3, medium: 4, low: 5 };
export const SD_ID = 'ciphertrail@32473';

/** PARAM-VALUE escapes '"', '\' and ']' (RFC 5424 §6.3.3) */
const sdValue = (s: string) => s.replace(/[\\"\]]/g, (c) => '\\' + c);
/** HOSTNAME is 1..255 printable US-ASCII, no space */
const printable = (s: string, max: number) => (s.replace(/[^\x21-\x7e]/g, '').slice(0, max) || '-');

export function syslogMessage(a: Alert, final: boolean, msg: string, facility: number, hostname: string): string {
  const pri = facility * 8 + SYSLOG_SEVERITY[a.severity];
  const ts = new Date(a.last_ts).toISOString();
  const sd = `[${SD_ID} id="${sdValue(a.id)}" rev="${a.rev}" final="${final}" severity="${a.severity}" device="${sdValue(a.device)}" app="${sdValue(a.app)}"]`;
  // no line breaks in MSG: receivers that split on LF (rsyslog's file output) keep one record
  return `<${pri}>1 ${ts} ${printable(hostname, 255)} ciphertrail - ALERT ${sd} ${msg.replace(/\r?\n/g, ' ')}`;
}

/** TCP/TLS: "LEN SP MSG", LEN in octets */
export function octetCounted(message: string): Buffer {
  const body = Buffer.from(message, 'utf8');
  return Buffer.concat([Buffer.from(`${body.length} `), body]);
}
