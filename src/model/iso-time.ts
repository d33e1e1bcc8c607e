// Epoch ms -> ISO 8601 for outputs that must not fail on a time no Date can hold (|ts| past
// 8.64e15): normalization rejects such events, but an alert file or store may predate that.

/** `new Date(ts).toISOString()`, or `epoch-ms:<ts>` when that would throw */
export function isoTime(ts: number): string {
  const d = new Date(ts);
  return Number.isNaN(d.getTime()) ? `epoch-ms:${ts}` : d.toISOString();
}
