// apkinfo -> app.info: permissions and signer. No installer: the sandbox installs every sample
// with adb, which says nothing about where the app came from. The
// report keeps the signing certificate's SHA-1 only; telemetry v1 `signer` is a SHA-256, so the
// SHA-1 travels as the extra field `signer_sha1` and `signer` stays empty.

export function appInfoOf(apkinfo: Record<string, unknown> | undefined): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  const manifest = obj(apkinfo?.manifest);
  const perms = Array.isArray(manifest?.permissions) ? manifest.permissions : [];
  const names = perms.map((p) => (typeof p === 'string' ? p : typeof obj(p)?.name === 'string' ? (obj(p)!.name as string) : undefined)).filter((p): p is string => !!p);
  if (names.length) body.permissions = [...new Set(names)].sort();
  const fp = obj(apkinfo?.certificate)?.fingerprint;
  if (typeof fp === 'string' && /^[0-9a-fA-F:]{40,59}$/.test(fp)) {
    const hex = fp.replace(/:/g, '').toLowerCase();
    if (hex.length === 64) body.signer = hex;
    else if (hex.length === 40) body.signer_sha1 = hex;
  }
  return body;
}

function obj(v: unknown): Record<string, unknown> | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}
