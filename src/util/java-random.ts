/**
 * java.util.Random, bit for bit: Kafka's tools draw payloads and placements from it, and a
 * seeded one reproduces what a JVM with the same seed drew.
 */
/** java.util.Random's 48-bit linear congruential generator. */
export class JavaRandom {
  private seed: bigint;
  constructor(seed: number | bigint) {
    this.seed = (BigInt(seed) ^ 0x5deece66dn) & ((1n << 48n) - 1n);
  }
  private next(bits: number): number {
    this.seed = (this.seed * 0x5deece66dn + 0xbn) & ((1n << 48n) - 1n);
    return Number(BigInt.asIntN(32, this.seed >> BigInt(48 - bits)));
  }
  nextInt(bound: number): number {
    let r = this.next(31);
    const m = bound - 1;
    if ((bound & m) === 0) return Number((BigInt(bound) * BigInt(r)) >> 31n);
    for (let u = r; u - (r = u % bound) + m < 0 || u - r + m > 2147483647; u = this.next(31));
    return r;
  }
}
