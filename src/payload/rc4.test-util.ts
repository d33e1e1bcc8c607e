// RC4 as the banking trojans hand-write it (Cerberus, Anubis): test material only.

export function rc4(key: Uint8Array, data: Uint8Array): Uint8Array {
  const s = new Uint8Array(256);
  for (let i = 0; i < 256; i++) s[i] = i;
  for (let i = 0, j = 0; i < 256; i++) {
    j = (j + s[i] + key[i % key.length]) & 0xff;
    [s[i], s[j]] = [s[j], s[i]];
  }
  const out = new Uint8Array(data.length);
  for (let k = 0, i = 0, j = 0; k < data.length; k++) {
    i = (i + 1) & 0xff;
    j = (j + s[i]) & 0xff;
    [s[i], s[j]] = [s[j], s[i]];
    out[k] = data[k] ^ s[(s[i] + s[j]) & 0xff];
  }
  return out;
}

/** android.util.Base64.DEFAULT: standard alphabet, padded, a line break after every 76 chars and at the end. */
export function base64Default(bytes: Uint8Array): string {
  const flat = Buffer.from(bytes).toString('base64');
  return `${flat.match(/.{1,76}/g)!.join('\n')}\n`;
}

/** A Cerberus-style check-in body: RC4(JSON) -> hex -> Base64.DEFAULT -> form field q= */
export function cerberusCheckin(key = 'dnolwplngqnu', urlEncode = false): string {
  const json = JSON.stringify({ id: 'bot-31337', action: 'info_device', sms: ['+15550100 your code is 4711', '+15550101 balance 1200 USD'], contacts: 212, apps: ['com.bank.one', 'com.bank.two'] });
  const ct = rc4(Buffer.from(key), Buffer.from(json));
  const b64 = base64Default(Buffer.from(Buffer.from(ct).toString('hex')));
  return `q=${urlEncode ? encodeURIComponent(b64) : b64}`;
}
