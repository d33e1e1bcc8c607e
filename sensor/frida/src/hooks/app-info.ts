// app.info once per process: version, installer, signer (SHA-256 of the signing certificate,
// lowercase hex, as policy `signer` pins it), requested permissions. Frida side.
import Java from 'frida-java-bridge';
import { toHex } from '../bytes.js';
import { buildAppInfo } from '../events.js';
import { readJavaBytes, appContext, safe } from '../java-util.js';
import { runtime } from '../runtime.js';

const GET_SIGNATURES = 0x40;
const GET_PERMISSIONS = 0x1000;
const GET_SIGNING_CERTIFICATES = 0x08000000;

function sha256Hex(bytes: Uint8Array): string {
  return runtime.hasher.hex(bytes);
}

function collect(): boolean {
  let done = false;
  Java.perform(() => {
    safe('app.info', () => {
      const ctx = appContext();
      if (ctx === null) return;
      const pkg = String(ctx.getPackageName());
      const pm = ctx.getPackageManager();
      const sdk = Number(Java.use('android.os.Build$VERSION').SDK_INT.value);
      const flags = GET_PERMISSIONS | (sdk >= 28 ? GET_SIGNING_CERTIFICATES : GET_SIGNATURES);
      const info = pm.getPackageInfo(pkg, flags);
      let signer: string | undefined;
      safe('signer', () => {
        const sigs = sdk >= 28 ? info.signingInfo.value.getApkContentsSigners() : info.signatures.value;
        if (sigs && sigs.length > 0) {
          const der = sigs[0].toByteArray();
          signer = sha256Hex(readJavaBytes(der, 0, der.length, 1 << 20));
        }
      });
      let installer: string | undefined;
      safe('installer', () => {
        const name = pm.getInstallerPackageName(pkg);
        installer = name === null ? 'sideload' : String(name);
      });
      const perms = info.requestedPermissions.value as string[] | null;
      runtime.emit(buildAppInfo({
        version: info.versionName.value === null ? undefined : String(info.versionName.value),
        installer, signer, permissions: perms === null ? undefined : Array.from(perms, String),
      }));
      done = true;
    });
  });
  return done;
}

/** Tries now, then every second for a minute (the app context appears at bind time). */
export function installAppInfo(): void {
  let tries = 0;
  const attempt = (): void => {
    if (collect() || ++tries > 60) return;
    setTimeout(attempt, 1000);
  };
  attempt();
}

