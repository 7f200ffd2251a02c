/**
 * What Java prints, for tools whose text comes straight from Java collections and numbers:
 * the iteration order of a java.util.HashMap and Double.toString.
 */
import { javaStringHash } from './groups-table.js';

export { javaStringHash };

/** HashMap.tableSizeFor: the smallest power of two >= n (at least 1). */
function tableSizeFor(n: number): number {
  let c = 1;
  while (c < n) c *= 2;
  return c;
}

/**
 * The iteration order of a java.util.HashMap filled with `items` in the given order: buckets
 * by (h ^ h>>>16) & (capacity-1), insertion order inside a bucket. `initialCapacity` is the
 * constructor's argument (new HashMap<>(n)); without it the default constructor's 16. The
 * table doubles whenever the size passes 0.75 of the capacity, as Java's resize() does.
 */
export function javaHashMapOrder<T>(items: readonly T[], hash: (item: T) => number, initialCapacity?: number): T[] {
  let capacity = initialCapacity === undefined ? 16 : tableSizeFor(initialCapacity);
  let threshold = Math.floor(capacity * 0.75);
  for (let size = 1; size <= items.length; size++) {
    if (size > threshold) {
      capacity *= 2;
      threshold = Math.floor(capacity * 0.75);
    }
  }
  const buckets = new Map<number, T[]>();
  for (const item of items) {
    const h = hash(item) | 0;
    const index = (h ^ (h >>> 16)) & (capacity - 1);
    const bucket = buckets.get(index);
    if (bucket) bucket.push(item);
    else buckets.set(index, [item]);
  }
  return [...buckets.keys()].sort((a, b) => a - b).flatMap((k) => buckets.get(k)!);
}

/** java.util.AbstractMap#hashCode of a Map<String, String>: the sum of key.hashCode() ^ value.hashCode() (null: 0). */
export function javaStringMapHash(entries: [string, string | null][]): number {
  let h = 0;
  for (const [k, v] of entries) h = (h + (javaStringHash(k) ^ (v === null ? 0 : javaStringHash(v)))) | 0;
  return h;
}

/** java.lang.Double#toString: 1024.0, 50.5, 1.048576E7, 1.0E-4. */
export function javaDouble(d: number): string {
  if (Number.isNaN(d)) return 'NaN';
  if (!Number.isFinite(d)) return d > 0 ? 'Infinity' : '-Infinity';
  if (d === 0) return Object.is(d, -0) ? '-0.0' : '0.0';
  const abs = Math.abs(d);
  if (abs >= 1e-3 && abs < 1e7) {
    const s = String(d);
    return s.includes('.') ? s : `${s}.0`;
  }
  const [mantissa, exponent] = d.toExponential().split('e') as [string, string];
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${exponent.replace('+', '')}`;
}
