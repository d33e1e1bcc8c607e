// The acts of a device plan as its managed-device logs: Android Management API Pub/Sub USAGE_LOGS
// notifications (one batch per device per hour, data base64 of BatchUsageLogEvents) and a DPC's
// dpc-logs export (SecurityEvent and NetworkEvent lines).
import type { Act, DevicePlan } from './plan.js';

const ENTERPRISE = 'enterprises/LC04sim000';
const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

function usageLogEvent(a: Act, n: number): Record<string, unknown> {
  const head = { eventId: String(n), eventTime: iso(a.ts) };
  switch (a.kind) {
    case 'lock': return { ...head, eventType: 'KEYGUARD_SECURED', keyguardSecuredEvent: {} };
    case 'unlock': return { ...head, eventType: 'KEYGUARD_DISMISSED', keyguardDismissedEvent: {} };
    case 'start': return { ...head, eventType: 'APP_PROCESS_START', appProcessStartEvent: { processName: a.pkg, startTime: iso(a.ts), uid: a.uid, pid: a.pid, seinfo: 'default:targetSdkVersion=33:complete' } };
    case 'key': return { ...head, eventType: 'KEY_GENERATED', keyGeneratedEvent: { keyAlias: a.alias, applicationUid: a.uid, success: true } };
    case 'dns': return { ...head, eventType: 'DNS', dnsEvent: { hostname: a.host, ipAddresses: [a.ip], totalIpAddressesReturned: '1', packageName: a.pkg } };
    case 'connect': return { ...head, eventType: 'CONNECT', connectEvent: { destinationIpAddress: a.ip, destinationPort: a.port, packageName: a.pkg } };
  }
}

/** Pub/Sub push bodies, in publish order */
export function usageLogNotifications(devices: DevicePlan[]): string[] {
  const out: { t: number; line: string }[] = [];
  let n = 0;
  for (const d of devices) {
    const byHour = new Map<number, Act[]>();
    for (const a of d.acts) {
      const h = Math.floor(a.ts / HOUR);
      if (!byHour.has(h)) byHour.set(h, []);
      byHour.get(h)!.push(a);
    }
    for (const [h, acts] of byHour) {
      const retrieval = (h + 1) * HOUR;
      const batch = { device: `${ENTERPRISE}/devices/${d.device}`, retrievalTime: iso(retrieval), usageLogEvents: acts.map((a) => usageLogEvent(a, ++n)) };
      const msg = {
        message: { attributes: { notificationType: 'USAGE_LOGS', deviceId: d.device }, data: Buffer.from(JSON.stringify(batch)).toString('base64'), messageId: String(7_000_000 + n), publishTime: iso(retrieval + 5_000) },
        subscription: 'projects/sim-emm/subscriptions/usage-logs',
      };
      out.push({ t: retrieval, line: JSON.stringify(msg) });
    }
  }
  return out.sort((a, b) => a.t - b.t).map((x) => x.line);
}

const NS = 1_000_000n;

/** one device's dpc-logs export */
export function dpcExport(d: DevicePlan): string[] {
  const lines: Record<string, unknown>[] = [{ log: 'header', format: 'dpc-logs', version: 1, device: d.device, dpc: 'com.example.sim.dpc' }];
  let id = 0;
  const sec = (a: Act, tag: number, tagName: string, data: unknown[]) => lines.push({ log: 'security', tag, tagName, id: ++id, timeNanos: String(BigInt(a.ts) * NS), logLevel: 1, data });
  for (const a of d.acts) {
    switch (a.kind) {
      case 'lock': sec(a, 210008, 'TAG_KEYGUARD_SECURED', []); break;
      case 'unlock': sec(a, 210006, 'TAG_KEYGUARD_DISMISSED', []); break;
      case 'start': sec(a, 210005, 'TAG_APP_PROCESS_START', [a.pkg, a.ts, a.uid, a.pid, 'default:targetSdkVersion=33:complete', '']); break;
      case 'key': sec(a, 210024, 'TAG_KEY_GENERATED', [1, a.alias, a.uid]); break;
      case 'dns': lines.push({ log: 'network', event: 'DnsEvent', id: ++id, packageName: a.pkg, timestamp: a.ts, hostname: a.host, inetAddresses: [a.ip], totalResolvedAddressCount: 1 }); break;
      case 'connect': lines.push({ log: 'network', event: 'ConnectEvent', id: ++id, packageName: a.pkg, timestamp: a.ts, inetAddress: a.ip, port: a.port }); break;
    }
  }
  return lines.map((l) => JSON.stringify(l));
}
