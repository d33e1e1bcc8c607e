// Seeded pseudo-random numbers: sfc32 (Chris Doty-Humphrey's Small Fast Counter, 128-bit state),
// seeded through cyrb128 so any string or number makes a well-mixed state. Never Math.random:
// every simulated byte is a function of the seed.

/** 128 bits of hash from a string, as four 32-bit words (cyrb128, public domain). */
function cyrb128(str: string): [number, number, number, number] {
  let h1 = 1779033703, h2 = 3144134277, h3 = 1013904242, h4 = 2773480762;
  for (let i = 0; i < str.length; i++) {
    const k = str.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4; h2 ^= h1; h3 ^= h1; h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/** A stable 32-bit hash of the parts (for uids, ports and other per-name constants). */
export function hash32(...parts: (string | number)[]): number {
  return cyrb128(parts.join('\u0001'))[0];
}

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** the parts are joined, so `new Rng(seed, 'fleet', 3)` is one independent stream per device */
  constructor(...seed: (string | number)[]) {
    [this.a, this.b, this.c, this.d] = cyrb128(seed.join('\u0001'));
    for (let i = 0; i < 12; i++) this.u32();
  }

  u32(): number {
    this.a >>>= 0; this.b >>>= 0; this.c >>>= 0; this.d >>>= 0;
    let t = (this.a + this.b) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.d = (this.d + 1) | 0;
    t = (t + this.d) | 0;
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** uniform in [0, 1) */
  next(): number { return this.u32() / 4294967296; }

  /** integer in [lo, hi], both inclusive */
  int(lo: number, hi: number): number { return lo + Math.floor(this.next() * (hi - lo + 1)); }

  /** float in [lo, hi) */
  float(lo: number, hi: number): number { return lo + this.next() * (hi - lo); }

  chance(p: number): boolean { return this.next() < p; }

  pick<T>(xs: readonly T[]): T {
    if (xs.length === 0) throw new Error('Rng.pick: empty list');
    return xs[Math.floor(this.next() * xs.length)];
  }

  /** x scaled by a uniform factor in [1 - frac, 1 + frac] */
  jitter(x: number, frac: number): number { return x * (1 + (this.next() * 2 - 1) * frac); }

  /** n lowercase hex digits */
  hex(n: number): string {
    let s = '';
    while (s.length < n) s += this.u32().toString(16).padStart(8, '0');
    return s.slice(0, n);
  }
}
