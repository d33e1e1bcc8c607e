// Prometheus text exposition (format 0.0.4) of the server's counters and gauges.
export class Metrics {
  eventsReceived = 0;
  eventsAccepted = 0;
  eventsRejected = 0;
  eventsDuplicates = 0;
  ingestBatchSecondsSum = 0;
  ingestBatchCount = 0;
  readonly ingestRequests = new Map<number, number>();
  readonly policyReloads = new Map<string, number>();

  countIngest(code: number): void { this.ingestRequests.set(code, (this.ingestRequests.get(code) ?? 0) + 1); }
  countReload(result: 'ok' | 'invalid'): void { this.policyReloads.set(result, (this.policyReloads.get(result) ?? 0) + 1); }
}

export interface Gauges {
  alerts: number;
  alertUpdates: number;
  liveContexts: number;
  buffered: number;
  lagSeconds: number | undefined;
  sseClients: number;
  storedEvents: number;
  uptimeSeconds: number;
}

export function renderMetrics(m: Metrics, g: Gauges): string {
  const out: string[] = [];
  const one = (name: string, type: 'counter' | 'gauge', help: string, value: number) => {
    out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, `${name} ${fmt(value)}`);
  };
  one('ciphertrail_events_received_total', 'counter', 'Non-blank telemetry lines received on POST /v1/events.', m.eventsReceived);
  one('ciphertrail_events_accepted_total', 'counter', 'Valid new events stored and fed to the engine.', m.eventsAccepted);
  one('ciphertrail_events_rejected_total', 'counter', 'Lines rejected by validation.', m.eventsRejected);
  one('ciphertrail_events_duplicates_total', 'counter', 'Valid events already stored (same device and id).', m.eventsDuplicates);
  one('ciphertrail_alerts_total', 'counter', 'Distinct alerts stored.', g.alerts);
  one('ciphertrail_alert_updates_total', 'counter', 'Alert versions stored by this process.', g.alertUpdates);
  one('ciphertrail_live_contexts', 'gauge', 'Live (device, app) contexts in the engine.', g.liveContexts);
  one('ciphertrail_engine_buffered_events', 'gauge', 'Events held by the reorder buffer.', g.buffered);
  if (g.lagSeconds !== undefined) one('ciphertrail_ingest_lag_seconds', 'gauge', 'Server time minus the newest event time.', g.lagSeconds);
  one('ciphertrail_stored_events', 'gauge', 'Events in the store.', g.storedEvents);
  one('ciphertrail_sse_clients', 'gauge', 'Connected /v1/stream clients.', g.sseClients);
  one('ciphertrail_uptime_seconds', 'gauge', 'Seconds since the server started.', g.uptimeSeconds);
  out.push('# HELP ciphertrail_ingest_requests_total POST /v1/events requests by status code.', '# TYPE ciphertrail_ingest_requests_total counter');
  for (const [code, n] of [...m.ingestRequests].sort((a, b) => a[0] - b[0])) out.push(`ciphertrail_ingest_requests_total{code="${code}"} ${n}`);
  out.push('# HELP ciphertrail_ingest_batch_seconds Time to validate, store and evaluate an ingest batch.', '# TYPE ciphertrail_ingest_batch_seconds summary',
    `ciphertrail_ingest_batch_seconds_sum ${fmt(m.ingestBatchSecondsSum)}`, `ciphertrail_ingest_batch_seconds_count ${m.ingestBatchCount}`);
  out.push('# HELP ciphertrail_policy_reloads_total Policy changes by result.', '# TYPE ciphertrail_policy_reloads_total counter');
  for (const [r, n] of [...m.policyReloads].sort()) out.push(`ciphertrail_policy_reloads_total{result="${r}"} ${n}`);
  return out.join('\n') + '\n';
}

function fmt(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(6);
}
