// ATT&CK data components the AN1731 analytic needs, and which telemetry v1 kinds supply them.
import { K } from './kinds.js';

export interface Component { id: string; name: string; bits: number; types: string }

export const COMPONENTS: readonly Component[] = [
  { id: 'DC0021', name: 'OS API Execution', bits: K.crypto_op | K.crypto_key, types: 'crypto.op, crypto.key' },
  { id: 'DC0039', name: 'File Creation', bits: K.file_write, types: 'file.write' },
  { id: 'DC0123', name: 'Application State', bits: K.app_state | K.app_state_inferred | K.device_state | K.user_interaction, types: 'app.state, device.state, user.interaction' },
  { id: 'DC0114', name: 'Permissions Requests', bits: K.permissions, types: 'app.info permissions' },
  { id: 'network', name: 'Network Traffic (DC0078 flow / DC0085 content)', bits: K.net_send, types: 'net.send' },
];

export function componentsOf(bits: number): Record<string, boolean> {
  const out: Record<string, boolean> = {};
  for (const c of COMPONENTS) out[c.id] = (bits & c.bits) !== 0;
  return out;
}
