// A response playbook tailored to the alert: which steps, in which order, by whom, and the figure
// of the alert that calls for each. Order: contain, investigate, eradicate, recover, notify.
import type { FacetExplanation } from '../model/index.js';
import type { ExposureAssessment, PlaybookPhase, PlaybookStep, ReportAlert, Role } from './model.js';
import { fmtBytes, fmtSent, list, shortFp } from './format.js';

type Draft = Omit<PlaybookStep, 'order'>;
const PHASES: PlaybookPhase[] = ['contain', 'investigate', 'eradicate', 'recover', 'notify'];
/** categories that hold other people's data too */
const THIRD_PARTY = new Set(['contacts', 'sms', 'call_log', 'notifications', 'photos', 'calendar']);

export function buildPlaybook(a: ReportAlert, x: ExposureAssessment): PlaybookStep[] {
  const steps: Draft[] = [];
  const add = (phase: PlaybookPhase, role: Role, action: string, why: string) => steps.push({ phase, role, action, why });
  const inc = a.facets.inconsistency as FacetExplanation | undefined;
  const key = a.facets.key_reuse as FacetExplanation | undefined;
  const net = a.facets.network as FacetExplanation | undefined;
  const findings = new Set((inc?.findings as string[] | undefined) ?? []);
  const clone = findings.has('signer_mismatch');
  const urgent = a.severity === 'high' || a.severity === 'critical';
  const signer = typeof inc?.signer_seen === 'string' ? inc.signer_seen : null;
  const anyUnexpected = x.destinations.some((d) => d.unexpected);
  const toBlock = anyUnexpected ? x.destinations.filter((d) => d.unexpected) : x.destinations;
  const ips = toBlock.filter((d) => d.kind !== 'domain');
  const domains = toBlock.filter((d) => d.kind === 'domain');
  const keys = ((key?.keys as { key_fp: string; origin?: string; devices?: number }[] | undefined) ?? (key?.key_fp ? [{ key_fp: String(key.key_fp), origin: String(key.origin) }] : []))
    .filter((k) => ['literal', 'derived', 'stored'].includes(String(k.origin)));
  const fleetKey = Number(key?.devices_with_key ?? 0) > 1;

  // contain
  add('contain', 'SOC analyst', `Open an incident for alert ${a.id} (${a.severity}, score ${a.score}) and own it until closure; keep this report with it.`, `${a.app} on ${a.device}: collected data encrypted and sent out.`);
  add('contain', 'MDM admin', urgent
    ? `Isolate ${a.device} through MDM (network quarantine or lost mode) so that nothing more leaves it; keep it powered for the investigation.`
    : `Put ${a.device} under watch through MDM (restrict network to the corporate VPN) while the alert is investigated.`,
  `severity ${a.severity}; ${fmtSent(x.bytes_sent, x.unsized_sends)} already sent.`);
  if (ips.length) add('contain', 'network team', `Block by IP at the egress firewall and VPN: ${list(ips.map((d) => d.destination))} (a bare IP has no name to sinkhole).`, `sends to a bare IP address${net?.bare_ip_sends ? ` (${String(net.bare_ip_sends)} send(s))` : ''}.`);
  if (domains.length) add('contain', 'network team', `Block the destinations at DNS and the web proxy: ${list(domains.map((d) => d.host))}.`, anyUnexpected ? 'outside the app\'s expected domains.' : 'where the ciphertext went.');
  if (anyUnexpected) add('contain', 'network team', `Do not block ${list(x.destinations.filter((d) => !d.unexpected).map((d) => d.host))}: the genuine app expects these.`, 'listed in the inventory\'s expected_domains.');
  if (clone && signer) add('contain', 'MDM admin', `Block the package ${a.app} signed by ${shortFp(signer)} only (MDM app policy by signer), not the genuine app.`, 'signer differs from the pinned one: repackaged clone.');
  else add('contain', 'MDM admin', `Suspend ${a.app} on ${a.device} (MDM: disable or block the package) before removal.`, inc ? `${String(inc.why)}.` : 'chain of collection, encryption and sending.');
  if (net?.beacon && (net.beacon as { periodic?: boolean }).periodic) add('contain', 'network team', `Watch for the beacon to ${(net.beacon as { dest: string }).dest} every ${String((net.beacon as { interval_s: number }).interval_s)} s from other devices: a beat means another infected device.`, 'periodic sends (command and control).');

  // investigate
  add('investigate', 'MDM admin', `Pull the APK of ${a.app} from ${a.device} (MDM app inventory export or adb pull of its base.apk) and hand it to the SOC with its SHA-256.`, 'the APK is the evidence for signer and key.');
  add('investigate', 'SOC analyst', clone
    ? `Compare the APK's signing certificate (apksigner verify --print-certs) with the inventory pin for ${a.app}; expect ${signer ? shortFp(signer) : 'the seen signer'}, not the pinned one, and diff the clone against the genuine APK to find the injected code.`
    : `Compare the APK's signing certificate (apksigner verify --print-certs) with the inventory${signer ? ` (seen: ${shortFp(signer)})` : ''}; an app not in the inventory has no pin: record the signer as an indicator.`,
  clone ? 'signer_mismatch.' : 'the signer identifies the author across packages.');
  if (x.staged_paths.length) add('investigate', 'SOC analyst', `Copy the staged files before removal (${x.staged_paths.length}: ${x.staged_paths.slice(0, 3).join(', ')}${x.staged_paths.length > 3 ? ', …' : ''}) from ${a.device}: they hold the collected data, encrypted${keys.length ? ', readable with the key found in the APK' : ''}; some may already be deleted.`, `${fmtBytes(x.bytes_staged)} staged in files.`);
  for (const k of keys) {
    add('investigate', 'SOC analyst', `Find the ${k.origin} key in the APK by its fingerprint ${k.key_fp}: hash each constant byte array and string of 16, 24 or 32 bytes (SHA-256, first 16 bytes, lowercase hex) and match; then decrypt captured traffic with it to see what was sent.`, `key origin ${k.origin}: recoverable from the APK.`);
  }
  add('investigate', 'SOC analyst', `Hunt the fleet: other devices with package ${a.app}${signer ? `, signer ${shortFp(signer)}` : ''}${keys.length ? `, key fingerprint ${list(keys.map((k) => shortFp(k.key_fp)))}` : ''} or traffic to ${list(toBlock.map((d) => d.host)) || 'the same destinations'} (GET /v1/alerts?app=${a.app}; search telemetry for the key_fp).`,
    fleetKey ? `the same key was seen on ${String(key?.devices_with_key)} devices: hard-coded, every install is affected.` : 'the same build may be installed elsewhere.');
  if (a.missing.length) add('investigate', 'SOC analyst', `Collect the telemetry that was missing (${list(a.missing)}) on ${a.device}, e.g. with the Frida sensor (ciphertrail collect), before the app is removed.`, `not visible: ${list(a.missing)}; confidence ${a.confidence}.`);

  // eradicate
  add('eradicate', 'MDM admin', `Remove ${a.app} from ${a.device}${fleetKey ? ' and from every device found by the hunt' : ''}; block its reinstallation${clone ? ' with this signer' : ''}${findings.has('sideloaded') ? ' and installs from unknown sources' : ''}.`, findings.has('sideloaded') ? 'installed outside an app store.' : 'the app is the means of collection.');
  if (clone) add('eradicate', 'app owner', `Reinstall the genuine ${a.app} from the store on the device and report the clone to the vendor and the store for takedown.`, 'repackaged clone of an approved app.');

  // recover
  const creds = x.data_categories.filter((c) => c.sensitivity === 'credentials').map((c) => c.category);
  if (creds.length) add('recover', 'app owner', `Rotate what the device held: passwords, session and OAuth tokens, API keys and one-time codes of the accounts used on ${a.device}; revoke its sessions and re-enrol MFA.`, `${list(creds)} were read and sent.`);
  add('recover', 'MDM admin', `Release ${a.device} from isolation only after the app is gone and a detection run on its new telemetry is clean; wipe and re-enrol if the APK shows more capability than seen.`, 'recovery is proven, not assumed.');

  // notify
  const personal = x.data_categories.filter((c) => c.sensitivity === 'personal').map((c) => c.category);
  const others = personal.filter((c) => THIRD_PARTY.has(c));
  if (personal.length) add('notify', 'DPO/legal', `Assess a personal-data breach: ${list(personal)} of the device user${others.length ? ` and of third parties (the people in ${list(others)})` : ''} left the organisation; decide on authority notification (GDPR: within 72 h of awareness) and notice to the people concerned.`, `${list(personal)} read and sent (${x.data_items} items).`);
  if (creds.length) add('notify', 'DPO/legal', `Notify the owners of the exposed accounts and services that their credentials were rotated and why.`, `${list(creds)} exposed.`);
  if (!personal.length && !creds.length) add('notify', 'DPO/legal', 'Record the incident; no personal or credential data category was seen, so no notification is expected unless the investigation finds more.', x.data_categories.length ? `only ${list(x.data_categories.map((c) => c.category))}.` : 'no data category seen.');
  add('notify', 'SOC analyst', 'Share the indicators (STIX bundle of this report) with the threat-intelligence partners and close the incident with the lessons learned.', 'package, signer, destinations and key fingerprints identify the campaign.');

  steps.sort((p, q) => PHASES.indexOf(p.phase) - PHASES.indexOf(q.phase));
  return steps.map((s, i) => ({ order: i + 1, ...s }));
}
