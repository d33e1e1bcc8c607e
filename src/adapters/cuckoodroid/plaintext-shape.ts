// Whether a plaintext the sandbox logged holds collected device or user data: an IMEI/IMSI-like
// digit run, a MAC address, an e-mail address, or a named identifier field. Only the verdict
// leaves: the text is never kept.

const DIGITS = /(?:^|\D)\d{14,16}(?:\D|$)/;
const MAC = /^(?:[0-9A-Fa-f]{2}[:-]?){5}[0-9A-Fa-f]{2}$|(?:^|[^0-9A-Fa-f:])(?:[0-9A-Fa-f]{2}:){5}[0-9A-Fa-f]{2}(?:[^0-9A-Fa-f:]|$)/;
const EMAIL = /[\w.+-]+@[\w-]+\.[\w.-]+/;
const FIELD = /["'&?]?(imei|imsi|iccid|android_?id|device_?id|mac|phone|msisdn|line1|sim_?serial|subscriber)["']?\s*[:=]/i;

export function looksCollected(text: string): boolean {
  const t = text.trim();
  return DIGITS.test(t) || MAC.test(t) || EMAIL.test(t) || FIELD.test(t);
}
