// Shannon entropy in bits per byte (0..8). A sample of n bytes cannot exceed log2(n): short
// buffers never look like ciphertext, whatever they hold.

export function shannonEntropy(bytes: Uint8Array): number {
  const n = bytes.length;
  if (n === 0) return 0;
  const counts = new Uint32Array(256);
  for (let i = 0; i < n; i++) counts[bytes[i]]++;
  let h = 0;
  for (let b = 0; b < 256; b++) {
    const c = counts[b];
    if (c === 0) continue;
    const p = c / n;
    h -= p * Math.log2(p);
  }
  return Math.round(Math.min(8, Math.max(0, h)) * 1000) / 1000;
}
