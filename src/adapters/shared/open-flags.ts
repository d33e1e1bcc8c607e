// POSIX open(2) flags as libcore.io.IoBridge.open receives them (Linux values): whether the open
// writes, and which `file.write.op` it implies.
const O_ACCMODE = 3, O_TRUNC = 0x200, O_APPEND = 0x400;

export interface OpenIntent { write: boolean; op?: 'append' | 'overwrite' }

export function intentOfOpenFlags(flags: unknown): OpenIntent | undefined {
  const n = typeof flags === 'number' ? flags : typeof flags === 'string' && /^\d+$/.test(flags.trim()) ? Number(flags) : NaN;
  if (!Number.isInteger(n) || n < 0) return undefined;
  if ((n & O_ACCMODE) === 0) return { write: false };
  return { write: true, ...(n & O_APPEND ? { op: 'append' as const } : n & O_TRUNC ? { op: 'overwrite' as const } : {}) };
}
