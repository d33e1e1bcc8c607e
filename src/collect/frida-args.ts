// The `frida` command line for a collection. Pure.

export interface FridaInvocation {
  package: string;
  spawn: boolean;
  agentPath: string;
  /** telemetry `device` for the agent (default: the agent reads Build.SERIAL / ANDROID_ID) */
  device?: string;
  /** frida device id (`frida -D ID`, e.g. an adb serial); default `-U` (the USB/adb device) */
  fridaDevice?: string;
  /** the deployment's fingerprint secret (agent `fp_secret`: keyed key/IV/device fingerprints) */
  fpSecret?: string;
}

/** Android package names: at least two dot-separated segments of letters, digits, underscores. */
export const PACKAGE_NAME = /^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)+$/;

/**
 * `frida -U -f PKG -l agent.js -q -t inf -P {...}` (spawn) or `-N PKG` (attach to the running
 * app by its identifier; `-n` would match the process name, which frida lists as the app label).
 * `-q` alone would quit right after loading: `-t inf` keeps the session until the app exits or
 * the user interrupts. `-P` reaches the agent as `rpc.exports.init(stage, parameters)`.
 */
export function fridaArgs(inv: FridaInvocation): string[] {
  const params: Record<string, string> = { package: inv.package };
  if (inv.device) params.device = inv.device;
  if (inv.fpSecret) params.fp_secret = inv.fpSecret;
  return [
    ...(inv.fridaDevice ? ['-D', inv.fridaDevice] : ['-U']),
    inv.spawn ? '-f' : '-N', inv.package,
    '-l', inv.agentPath,
    '-q', '-t', 'inf',
    '-P', JSON.stringify(params),
  ];
}
