/**
 * Kafka's TopicCommand --describe text, from plain data, and kafka-lab's table and JSON views
 * of the same. Pure: the describe command gathers the data, this reproduces the bytes Kafka
 * prints (topics in TopicCommand's order, see topicCommandDescribeOrder).
 */
import type { TableData } from '../output/output.js';

export interface PartitionInfo {
  partition: number;
  /** -1 when there is no leader */
  leader: number;
  replicas: number[];
  isr: number[];
  addingReplicas?: number[];
  removingReplicas?: number[];
  /** undefined: the broker cannot tell (ZooKeeper mode, Metadata API) → "N/A" */
  elr?: number[];
  lastKnownElr?: number[];
}

export interface TopicInfo {
  name: string;
  /** '' when the broker has no topic id */
  topicId: string;
  partitions: PartitionInfo[];
  /** non-default configs in broker order (Kafka prints those whose source is not DEFAULT_CONFIG) */
  configs: [string, string][];
  minInsyncReplicas: number;
  isInternal?: boolean;
}

export interface DescribeFilters {
  underReplicated?: boolean;
  unavailable?: boolean;
  underMinIsr?: boolean;
  atMinIsr?: boolean;
  topicsWithOverrides?: boolean;
}

export function replicationFactor(p: PartitionInfo): number {
  return p.replicas.length - (p.addingReplicas?.length ?? 0);
}

export function partitionFlags(p: PartitionInfo, minIsr: number, liveBrokers: Set<number>) {
  const hasLeader = p.leader >= 0;
  return {
    underReplicated: replicationFactor(p) - p.isr.length > 0,
    unavailable: !hasLeader || !liveBrokers.has(p.leader),
    underMinIsr: !hasLeader || p.isr.length < minIsr,
    atMinIsr: p.isr.length === minIsr,
  };
}

export function topicLine(t: TopicInfo): string {
  const sorted = [...t.partitions].sort((a, b) => a.partition - b.partition);
  const rf = sorted.length > 0 ? replicationFactor(sorted[0]!) : 0;
  return (
    `Topic: ${t.name}` +
    (t.topicId ? `\tTopicId: ${t.topicId}` : '') +
    `\tPartitionCount: ${t.partitions.length}\tReplicationFactor: ${rf}\tConfigs: ${t.configs.map(([k, v]) => `${k}=${v}`).join(',')}`
  );
}

export function partitionLine(topic: string, p: PartitionInfo): string {
  let s = `\tTopic: ${topic}\tPartition: ${p.partition}\tLeader: ${p.leader >= 0 ? p.leader : 'none'}\tReplicas: ${p.replicas.join(',')}\tIsr: ${p.isr.join(',')}`;
  if (p.addingReplicas || p.removingReplicas)
    s += `\tAdding Replicas: ${(p.addingReplicas ?? []).join(',')}\tRemoving Replicas: ${(p.removingReplicas ?? []).join(',')}`;
  s += `\tElr: ${p.elr ? p.elr.join(',') : 'N/A'}`;
  s += `\tLastKnownElr: ${p.lastKnownElr ? p.lastKnownElr.join(',') : 'N/A'}`;
  return s;
}

/** The lines Kafka prints for these topics (in the given order) under the report filters. */
export function describeLines(topics: TopicInfo[], filters: DescribeFilters, liveBrokers: Set<number>): string[] {
  const report = filters.underReplicated || filters.unavailable || filters.underMinIsr || filters.atMinIsr;
  const lines: string[] = [];
  for (const t of topics) {
    const sorted = [...t.partitions].sort((a, b) => a.partition - b.partition);
    if (!report && (!filters.topicsWithOverrides || t.configs.length > 0)) lines.push(topicLine(t));
    if (filters.topicsWithOverrides) continue;
    for (const p of sorted) {
      const f = partitionFlags(p, t.minInsyncReplicas, liveBrokers);
      const show =
        !report ||
        (filters.underReplicated && f.underReplicated) ||
        (filters.unavailable && f.unavailable) ||
        (filters.underMinIsr && f.underMinIsr) ||
        (filters.atMinIsr && f.atMinIsr);
      if (show) lines.push(partitionLine(t.name, p));
    }
  }
  return lines;
}

/** kafka-lab's --output table of --describe: one row per partition, topics by name. */
export function describeTable(topics: readonly TopicInfo[]): TableData {
  return {
    head: ['TOPIC', 'PARTITION', 'LEADER', 'REPLICAS', 'ISR', 'CONFIGS'],
    rows: byName(topics).flatMap((t) =>
      byPartition(t.partitions).map((p) => [
        t.name,
        p.partition,
        p.leader >= 0 ? p.leader : 'none',
        p.replicas.join(','),
        p.isr.join(','),
        t.configs.map(([k, v]) => `${k}=${v}`).join(','),
      ]),
    ),
  };
}

/** kafka-lab's --output json of --describe, topics by name. */
export function describeJson(topics: readonly TopicInfo[]) {
  return {
    topics: byName(topics).map((t) => ({
      name: t.name,
      topicId: t.topicId || null,
      internal: Boolean(t.isInternal),
      partitionCount: t.partitions.length,
      replicationFactor: t.partitions.length ? replicationFactor(t.partitions[0]!) : 0,
      configs: Object.fromEntries(t.configs),
      partitions: byPartition(t.partitions).map((p) => ({ partition: p.partition, leader: p.leader >= 0 ? p.leader : null, replicas: p.replicas, isr: p.isr })),
    })),
  };
}

const byName = (topics: readonly TopicInfo[]) => [...topics].sort((a, b) => a.name.localeCompare(b.name));
const byPartition = (partitions: readonly PartitionInfo[]) => [...partitions].sort((a, b) => a.partition - b.partition);

/**
 * java.util.HashMap, as far as its iteration order goes: the table, its resizes (capacity
 * doubling past the 0.75 load factor, and when one bin reaches 9 entries while the table is
 * smaller than 64), and the bins that then become red-black trees, whose iteration follows
 * their `next` links (a new node goes right after its tree parent, the root moves to the
 * front). Keys are distinct strings; Java 17's arithmetic.
 */
interface MapNode {
  key: string;
  /** the spread hash HashMap stores: h ^ (h >>> 16) */
  hash: number;
  next: MapNode | null;
  // tree bins only
  tree: boolean;
  prev: MapNode | null;
  parent: MapNode | null;
  left: MapNode | null;
  right: MapNode | null;
  red: boolean;
}

const TREEIFY_THRESHOLD = 8;
const UNTREEIFY_THRESHOLD = 6;
const MIN_TREEIFY_CAPACITY = 64;

/** java.lang.String#hashCode over UTF-16 code units, as a signed 32-bit int. */
function stringHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}

/** HashMap.tableSizeFor: the power of two at or above n (1 for n <= 1). */
function tableSizeFor(n: number): number {
  let cap = 1;
  while (cap < n) cap *= 2;
  return cap;
}

/** String#compareTo's sign: UTF-16 code unit order. */
function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export class JavaHashMap {
  private table: (MapNode | null)[] | null = null;
  private threshold: number;
  private size = 0;

  /** initialCapacity as `new HashMap<>(n)`; none: `new HashMap<>()` (16 on first put) */
  constructor(initialCapacity?: number) {
    this.threshold = initialCapacity === undefined ? 0 : tableSizeFor(initialCapacity);
  }

  /**
   * `new HashMap<>(other)`: pre-sized from the other map's size, then filled in its order.
   * Java 19 changed the pre-size (JDK-8281631) from (int)(size / 0.75f + 1) to ceil(size / 0.75).
   */
  static copyOf(keys: readonly string[], javaMajor = 17): JavaHashMap {
    const m = new JavaHashMap();
    const s = keys.length;
    if (s > 0) {
      const t = javaMajor >= 19 ? Math.ceil(s / 0.75) : Math.trunc(Math.fround(Math.fround(s / 0.75) + 1));
      if (t > m.threshold) m.threshold = tableSizeFor(t);
    }
    for (const k of keys) m.put(k);
    return m;
  }

  capacity(): number {
    return this.table?.length ?? 0;
  }

  /** Keys in iteration order: bucket by bucket, each bucket along its `next` links. */
  keys(): string[] {
    const result: string[] = [];
    for (const first of this.table ?? []) for (let e = first; e; e = e.next) result.push(e.key);
    return result;
  }

  put(key: string): void {
    const h = stringHash(key);
    const hash = h ^ (h >>> 16);
    let tab = this.table ?? this.resize();
    const i = (tab.length - 1) & hash;
    const p = tab[i];
    if (!p) {
      tab[i] = newNode(key, hash);
    } else if (p.tree) {
      if (!this.putTreeVal(tab, p, key, hash)) return;
    } else {
      let binCount = 0;
      for (let e: MapNode = p; ; binCount++) {
        if (e.key === key) return;
        if (!e.next) {
          e.next = newNode(key, hash);
          if (binCount >= TREEIFY_THRESHOLD - 1) tab = this.treeifyBin(tab, hash);
          break;
        }
        e = e.next;
      }
    }
    if (++this.size > this.threshold) this.resize();
  }

  private resize(): (MapNode | null)[] {
    const oldTab = this.table;
    const oldCap = oldTab?.length ?? 0;
    const oldThr = this.threshold;
    let newCap: number;
    let newThr = 0;
    if (oldCap > 0) {
      newCap = oldCap * 2;
      if (oldCap >= 16) newThr = oldThr * 2;
    } else if (oldThr > 0) newCap = oldThr;
    else {
      newCap = 16;
      newThr = 12;
    }
    if (newThr === 0) newThr = Math.trunc(Math.fround(newCap * 0.75));
    this.threshold = newThr;
    const newTab: (MapNode | null)[] = new Array(newCap).fill(null);
    this.table = newTab;
    if (!oldTab) return newTab;
    for (let j = 0; j < oldCap; j++) {
      const e = oldTab[j];
      if (!e) continue;
      if (!e.next) newTab[e.hash & (newCap - 1)] = e;
      else if (e.tree) this.split(newTab, e, j, oldCap);
      else {
        // each list splits in two, keeping its order
        const [lo, hi] = splitList(e, oldCap);
        newTab[j] = lo;
        newTab[j + oldCap] = hi;
      }
    }
    return newTab;
  }

  private treeifyBin(tab: (MapNode | null)[], hash: number): (MapNode | null)[] {
    if (tab.length < MIN_TREEIFY_CAPACITY) return this.resize();
    const index = (tab.length - 1) & hash;
    const hd = tab[index];
    if (!hd) return tab;
    let prev: MapNode | null = null;
    for (let e: MapNode | null = hd; e; e = e.next) {
      e.tree = true;
      e.prev = prev;
      prev = e;
    }
    treeify(tab, hd);
    return tab;
  }

  /** A tree bin on resize: split in two lists; each stays a tree above 6 nodes, else a plain list. */
  private split(tab: (MapNode | null)[], b: MapNode, index: number, bit: number): void {
    const [loHead, hiHead] = splitList(b, bit);
    const count = (n: MapNode | null) => {
      let c = 0;
      for (let e = n; e; e = e.next) c++;
      return c;
    };
    const relink = (head: MapNode) => {
      let prev: MapNode | null = null;
      for (let e: MapNode | null = head; e; e = e.next) {
        e.prev = prev;
        prev = e;
      }
    };
    if (loHead) {
      relink(loHead);
      if (count(loHead) <= UNTREEIFY_THRESHOLD) tab[index] = untreeify(loHead);
      else {
        tab[index] = loHead;
        if (hiHead) treeify(tab, loHead);
      }
    }
    if (hiHead) {
      relink(hiHead);
      if (count(hiHead) <= UNTREEIFY_THRESHOLD) tab[index + bit] = untreeify(hiHead);
      else {
        tab[index + bit] = hiHead;
        if (loHead) treeify(tab, hiHead);
      }
    }
  }

  /** Inserts into a tree bin; false when the key was there already. */
  private putTreeVal(tab: (MapNode | null)[], first: MapNode, key: string, hash: number): boolean {
    let root = first;
    while (root.parent) root = root.parent;
    for (let p: MapNode = root; ; ) {
      if (p.key === key) return false;
      const dir = p.hash > hash ? -1 : p.hash < hash ? 1 : compareKeys(key, p.key);
      const xp = p;
      const child = dir <= 0 ? p.left : p.right;
      if (child) {
        p = child;
        continue;
      }
      const xpn = xp.next;
      const x: MapNode = { ...newNode(key, hash), tree: true, next: xpn, parent: xp, prev: xp };
      if (dir <= 0) xp.left = x;
      else xp.right = x;
      xp.next = x;
      if (xpn) xpn.prev = x;
      moveRootToFront(tab, balanceInsertion(root, x));
      return true;
    }
  }
}

function newNode(key: string, hash: number): MapNode {
  return { key, hash, next: null, tree: false, prev: null, parent: null, left: null, right: null, red: false };
}

/** Splits a bin by one hash bit into two lists, each in the bin's order. */
function splitList(head: MapNode, bit: number): [MapNode | null, MapNode | null] {
  let loHead: MapNode | null = null;
  let loTail: MapNode | null = null;
  let hiHead: MapNode | null = null;
  let hiTail: MapNode | null = null;
  for (let e: MapNode | null = head; e; ) {
    const next: MapNode | null = e.next;
    e.next = null;
    if ((e.hash & bit) === 0) {
      if (loTail) loTail.next = e;
      else loHead = e;
      loTail = e;
    } else {
      if (hiTail) hiTail.next = e;
      else hiHead = e;
      hiTail = e;
    }
    e = next;
  }
  return [loHead, hiHead];
}

function untreeify(head: MapNode): MapNode {
  for (let e: MapNode | null = head; e; e = e.next) {
    e.tree = false;
    e.prev = e.parent = e.left = e.right = null;
    e.red = false;
  }
  return head;
}

/** Builds the red-black tree of a bin from its list; the list order stays, the root moves to the front. */
function treeify(tab: (MapNode | null)[], head: MapNode): void {
  let root: MapNode | null = null;
  for (let x: MapNode | null = head; x; x = x.next) {
    x.left = x.right = null;
    if (!root) {
      x.parent = null;
      x.red = false;
      root = x;
      continue;
    }
    for (let p: MapNode = root; ; ) {
      const dir = p.hash > x.hash ? -1 : p.hash < x.hash ? 1 : compareKeys(x.key, p.key);
      const child = dir <= 0 ? p.left : p.right;
      if (child) {
        p = child;
        continue;
      }
      x.parent = p;
      if (dir <= 0) p.left = x;
      else p.right = x;
      root = balanceInsertion(root, x);
      break;
    }
  }
  if (root) moveRootToFront(tab, root);
}

function moveRootToFront(tab: (MapNode | null)[], root: MapNode): void {
  const index = (tab.length - 1) & root.hash;
  const first = tab[index];
  if (root === first) return;
  tab[index] = root;
  const rp = root.prev;
  const rn = root.next;
  if (rn) rn.prev = rp;
  if (rp) rp.next = rn;
  if (first) first.prev = root;
  root.next = first;
  root.prev = null;
}

function rotateLeft(root: MapNode, p: MapNode): MapNode {
  const r = p.right;
  if (!r) return root;
  const rl = (p.right = r.left);
  if (rl) rl.parent = p;
  const pp = (r.parent = p.parent);
  if (!pp) {
    root = r;
    r.red = false;
  } else if (pp.left === p) pp.left = r;
  else pp.right = r;
  r.left = p;
  p.parent = r;
  return root;
}

function rotateRight(root: MapNode, p: MapNode): MapNode {
  const l = p.left;
  if (!l) return root;
  const lr = (p.left = l.right);
  if (lr) lr.parent = p;
  const pp = (l.parent = p.parent);
  if (!pp) {
    root = l;
    l.red = false;
  } else if (pp.right === p) pp.right = l;
  else pp.left = l;
  l.right = p;
  p.parent = l;
  return root;
}

/** The red-black insertion fix-up of HashMap.TreeNode (the textbook one, same branches). */
function balanceInsertion(root: MapNode, inserted: MapNode): MapNode {
  let x = inserted;
  x.red = true;
  for (;;) {
    let xp = x.parent;
    if (!xp) {
      x.red = false;
      return x;
    }
    let xpp = xp.parent;
    if (!xp.red || !xpp) return root;
    const xppl = xpp.left;
    if (xp === xppl) {
      const xppr = xpp.right;
      if (xppr?.red) {
        xppr.red = false;
        xp.red = false;
        xpp.red = true;
        x = xpp;
      } else {
        if (x === xp.right) {
          x = xp;
          root = rotateLeft(root, x);
          xp = x.parent;
          xpp = xp ? xp.parent : null;
        }
        if (xp) {
          xp.red = false;
          if (xpp) {
            xpp.red = true;
            root = rotateRight(root, xpp);
          }
        }
      }
    } else if (xppl?.red) {
      xppl.red = false;
      xp.red = false;
      xpp.red = true;
      x = xpp;
    } else {
      if (x === xp.left) {
        x = xp;
        root = rotateRight(root, x);
        xp = x.parent;
        xpp = xp ? xp.parent : null;
      }
      if (xp) {
        xp.red = false;
        if (xpp) {
          xpp.red = true;
          root = rotateLeft(root, xpp);
        }
      }
    }
  }
}

/**
 * The order in which kafka-topics --describe (TopicCommand, Kafka 3.9 and 4.x) prints topics.
 * TopicCommand sorts the matching names and asks the admin client to describe them; the names
 * then pass through three HashMaps before they are printed:
 *   1. KafkaAdminClient: `new HashMap<>(n)`, filled in sorted order (one future per name);
 *   2. it returns `new HashMap<>(that map)`: a copy, pre-sized from n, filled in map 1's order;
 *   3. DescribeTopicsResult.allTopicNames(): `new HashMap<>(n)`, filled in map 2's order;
 * and TopicCommand prints map 3's values in its iteration order. Names that share a bucket of
 * map 3 therefore come in map 2's order, which is not their sorted order.
 */
export function topicCommandDescribeOrder(names: readonly string[], opts: { javaMajor?: number } = {}): string[] {
  const sorted = [...new Set(names)].sort(compareKeys);
  const futures = new JavaHashMap(sorted.length);
  for (const n of sorted) futures.put(n);
  const copy = JavaHashMap.copyOf(futures.keys(), opts.javaMajor);
  const descriptions = new JavaHashMap(sorted.length);
  for (const n of copy.keys()) descriptions.put(n);
  return descriptions.keys();
}

/** The iteration order of `new HashMap<>(initialCapacity)` (default: `new HashMap<>()`) filled with keys in the given order. */
export function javaHashMapOrder(keys: readonly string[], initialCapacity?: number): string[] {
  const m = new JavaHashMap(initialCapacity);
  for (const k of keys) m.put(k);
  return m.keys();
}
