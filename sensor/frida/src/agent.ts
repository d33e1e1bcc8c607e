// ciphertrail Frida agent: emits telemetry v1 events (../../../../shared/spec/telemetry-v1.md)
// with send(), one event per message. Keys and payloads stay on the device: only fingerprints,
// sizes and features are sent. Load: `frida -U -f PKG -l dist/agent.js -q -t inf -P '{"device":"…","package":"PKG"}'`
// (what `ciphertrail collect` runs). Frida 17+ (frida-java-bridge is bundled).
import Java from 'frida-java-bridge';
import { type AgentParams, runtime } from './runtime.js';
import { flushCrypto, installCryptoHooks } from './hooks/crypto.js';
import { flushFiles, installFileHooks } from './hooks/files.js';
import { flushNet, installNetHooks } from './hooks/net.js';
import { flushData, installDataHooks } from './hooks/data.js';
import { installStateHooks } from './hooks/state.js';
import { installAppInfo } from './hooks/app-info.js';
import { flushNativeCrypto, installNativeCryptoHooks } from './hooks/native-crypto.js';
import { installEncoderHooks } from './hooks/encoders.js';
import { flushCustomCiphers, installCustomCipherHooks } from './hooks/custom-ciphers.js';

const steps: Array<[string, () => void]> = [
  ['crypto', installCryptoHooks],
  ['encoders', installEncoderHooks],
  ['custom ciphers', installCustomCipherHooks],
  ['files', installFileHooks],
  ['net', installNetHooks],
  ['data', installDataHooks],
  ['state', installStateHooks],
  ['app.info', installAppInfo],
];

function install(): void {
  for (const [name, step] of steps) {
    try {
      step();
    } catch (e) {
      runtime.warn(`install ${name}`, e);
    }
  }
  console.log(`ciphertrail agent: ${runtime.stats.hooks.length} Java hooks, ${runtime.stats.missing.length} absent, sha256=${runtime.hasher.name}`);
}

function flushAll(): void {
  for (const f of [flushCrypto, flushCustomCiphers, flushFiles, flushNet, flushData, flushNativeCrypto]) {
    try {
      f();
    } catch (e) {
      runtime.warn('flush', e);
    }
  }
}

// The frida CLI calls init(stage, parameters) with its -P JSON; other hosts may call init(parameters).
rpc.exports.init = (stageOrParams?: unknown, maybeParams?: unknown): void => {
  const params = (typeof stageOrParams === 'object' && stageOrParams !== null ? stageOrParams : maybeParams) as AgentParams | undefined;
  runtime.configure(params ?? {});
};
/** Counters and the hook list, for troubleshooting (`frida … -e 'rpc.exports.stats()'`). */
rpc.exports.stats = () => ({ ...runtime.stats, hooks: [...runtime.stats.hooks], missing: [...runtime.stats.missing] });
/** Called by Frida when the script unloads: emit what the coalescers still hold. */
rpc.exports.dispose = (): void => {
  flushAll();
};

installNativeCryptoHooks();
if (Java.available) Java.perform(install);
else console.warn('ciphertrail agent: no Java runtime in this process; native crypto hooks only');
