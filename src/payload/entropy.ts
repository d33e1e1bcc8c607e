// Shannon entropy in bits per byte (0..8). PURE (no Node or Frida API): shared by the host
// adapters and the Frida sensor's bundle.

/** Shannon entropy of `bytes` (values masked to 0..255) in bits/byte; 0 for an empty input. */
export function shannonEntropy(bytes: ArrayLike<number>): number {
  const counts = new Uint32Array(256);
  for (let i = 0; i < bytes.length; i++) counts[bytes[i] & 0xff]++;
  return entropyOfCounts(counts, bytes.length);
}

export function entropyOfCounts(counts: ArrayLike<number>, total: number): number {
  if (total <= 0) return 0;
  let h = 0;
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i];
    if (c > 0) {
      const p = c / total;
      h -= p * Math.log2(p);
    }
  }
  return Math.min(8, Math.max(0, h));
}
