// Seeded pseudo-random source for the mixed-log generator: the same seed must give the same
// bytes on every machine, so benchmarks compare like with like. mulberry32 is tiny and fast
// enough to draw several numbers per generated line without showing up in the profile.

const HEX = "0123456789abcdef";
const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [lo, hi], both inclusive. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** Picks with a heavy head (the first items far more often), like real request paths. */
  skewed<T>(items: readonly T[]): T {
    const u = this.next();
    return items[Math.floor(u * u * u * items.length)] as T;
  }

  /** Log-normal around `median`: latencies and sizes have long right tails. */
  logNormal(median: number, sigma: number): number {
    // Sum of three uniforms approximates a normal well enough for log shapes, and is cheap.
    const z = (this.next() + this.next() + this.next() - 1.5) * 2;
    return median * Math.exp(sigma * z);
  }

  hex(len: number): string {
    let s = "";
    for (let i = 0; i < len; i++) s += HEX[Math.floor(this.next() * 16)];
    return s;
  }

  alnum(len: number): string {
    let s = "";
    for (let i = 0; i < len; i++) s += ALNUM[Math.floor(this.next() * ALNUM.length)];
    return s;
  }

  uuid(): string {
    return `${this.hex(8)}-${this.hex(4)}-4${this.hex(3)}-a${this.hex(3)}-${this.hex(12)}`;
  }

  /** An address in one of the private ranges our fake fleet uses. */
  privateIp(): string {
    return `10.0.${this.int(0, 7)}.${this.int(2, 254)}`;
  }

  /** An address in the documentation ranges (RFC 5737), standing in for internet clients. */
  publicIp(): string {
    const net = this.pick(["192.0.2", "198.51.100", "203.0.113"]);
    return `${net}.${this.int(1, 254)}`;
  }
}
