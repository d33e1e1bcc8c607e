// SIZE arguments: 1m, 512k, 1048576.
import { UsageError } from './usage-error.js';

export function sizeArg(name: string, s: string): number {
  const m = /^(\d+)([kmg]?)b?$/i.exec(s.trim());
  if (!m || Number(m[1]) === 0) throw new UsageError(`--${name}: want a size like 1m, 512k or a number of bytes, got '${s}'`);
  return Number(m[1]) * ({ '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 } as Record<string, number>)[m[2].toLowerCase()];
}
