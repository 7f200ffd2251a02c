/**
 * The iteration order of Java's HashMap / HashSet, for printing lists in the order Kafka's
 * tools print them: several tools join the members of a HashSet (partitions elected, topics
 * whose throttles were cleared), so their text depends on Java's hash codes and table layout.
 * This reproduces both: String.hashCode, TopicPartition.hashCode, and a HashMap's buckets
 * (table of 16, doubling at a load factor of 0.75, collisions kept in insertion order).
 */

/** Java's String.hashCode over UTF-16 code units, as a signed 32-bit integer. */
export function javaStringHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}

/** org.apache.kafka.common.TopicPartition.hashCode */
export function topicPartitionHash(topic: string, partition: number): number {
  return (Math.imul(31, (31 + partition) | 0) + javaStringHash(topic)) | 0;
}

/** java.lang.Long.hashCode */
export function javaLongHash(v: bigint): number {
  const x = BigInt.asUintN(64, v);
  return Number(BigInt.asIntN(32, (x ^ (x >> 32n)) & 0xffffffffn));
}

/** HashMap.tableSizeFor: the power of two at or above n (at least 1). */
function tableSizeFor(n: number): number {
  let size = 1;
  while (size < n) size *= 2;
  return size;
}

/** The bucket spread HashMap.hash applies to hashCode(). */
function spread(h: number): number {
  return (h ^ (h >>> 16)) | 0;
}

const TREEIFY_THRESHOLD = 8;
const MIN_TREEIFY_CAPACITY = 64;

/**
 * The order in which a java.util.HashSet (or a HashMap's keys) built by adding `items` one
 * by one iterates them. Duplicates (same `key`) are added once. `initialCapacity` is what
 * `new HashSet<>(n)` was given (default 16).
 */
export function javaHashOrder<T>(items: T[], hashCode: (item: T) => number, opts: { key?: (item: T) => string; initialCapacity?: number } = {}): T[] {
  const key = opts.key ?? ((x: T) => String(x));
  let table: { hash: number; key: string; item: T }[][] = [];
  let capacity = 0;
  let threshold = 0;
  let size = 0;
  const resize = () => {
    const old = table;
    capacity = capacity === 0 ? tableSizeFor(Math.max(1, opts.initialCapacity ?? 16)) : capacity * 2;
    threshold = Math.floor(capacity * 0.75);
    table = Array.from({ length: capacity }, () => []);
    // each old bucket splits into a low and a high bucket, both keeping their order
    for (const bucket of old) for (const e of bucket) table[e.hash & (capacity - 1)]!.push(e);
  };
  for (const item of items) {
    if (capacity === 0) resize();
    const hash = spread(hashCode(item));
    const k = key(item);
    const bucket = table[hash & (capacity - 1)]!;
    if (bucket.some((e) => e.hash === hash && e.key === k)) continue;
    bucket.push({ hash, key: k, item });
    // a long chain in a small table makes Java grow the table instead of making a tree
    if (bucket.length > TREEIFY_THRESHOLD && capacity < MIN_TREEIFY_CAPACITY) resize();
    if (++size > threshold) resize();
  }
  return table.flatMap((bucket) => bucket.map((e) => e.item));
}

/**
 * The key order of a java.util.HashMap built by putting distinct `items` one by one (each its
 * own key); `initialCapacity` is what `new HashMap<>(n)` was given.
 */
export function javaHashMapOrder<T>(items: readonly T[], hashCode: (item: T) => number, initialCapacity?: number): T[] {
  const indexed = items.map((item, index) => ({ item, index }));
  return javaHashOrder(indexed, (x) => hashCode(x.item), { key: (x) => String(x.index), initialCapacity }).map((x) => x.item);
}

/** A HashSet<TopicPartition>'s order. */
export function topicPartitionSetOrder<T extends { topic: string; partition: number }>(items: T[], initialCapacity?: number): T[] {
  return javaHashOrder(items, (x) => topicPartitionHash(x.topic, x.partition), { key: (x) => `${x.topic}\u0000${x.partition}`, initialCapacity });
}

/** A HashSet<String>'s order. */
export function stringSetOrder(items: string[], initialCapacity?: number): string[] {
  return javaHashOrder(items, javaStringHash, { initialCapacity });
}

/** A HashSet<Integer>'s order. */
export function integerSetOrder(items: number[], initialCapacity?: number): number[] {
  return javaHashOrder(items, (n) => n | 0, { initialCapacity });
}
