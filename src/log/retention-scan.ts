/**
 * The retention policy made visible: scans a broker log dir for topic-partition folders and
 * their segments (count, size, base offsets, timestamps) and works out when retention will
 * delete the oldest segment, from retention.ms / retention.bytes the way Kafka's log manager
 * decides it. Reads only batch headers near the end of each segment, never whole files.
 */
import { closeSync, existsSync, fstatSync, openSync, readSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { int32, int64 } from '../protocol/bytes.js';
import { LOG_OVERHEAD, RECORD_BATCH_OVERHEAD } from '../protocol/record-batch.js';

export interface RetentionPolicy {
  /** -1 = keep forever */
  retentionMs: number;
  /** -1 = no size limit */
  retentionBytes: number;
  segmentBytes: number;
  segmentMs: number;
  /** how often the broker checks (log.retention.check.interval.ms) */
  checkIntervalMs: number;
  /** where each value came from, e.g. { retentionMs: 'log.retention.hours=168' } */
  source: Partial<Record<'retentionMs' | 'retentionBytes' | 'segmentBytes' | 'segmentMs', string>>;
}

const HOUR = 3_600_000;
export const KAFKA_DEFAULTS = { retentionMs: 168 * HOUR, retentionBytes: -1, segmentBytes: 1_073_741_824, segmentMs: 168 * HOUR, checkIntervalMs: 300_000 };

/** Broker defaults from server.properties, with Kafka's precedence (ms > minutes > hours). */
export function brokerRetention(props: Map<string, string>): RetentionPolicy {
  const num = (k: string) => (props.has(k) && props.get(k)!.trim() !== '' && Number.isFinite(Number(props.get(k))) ? Number(props.get(k)) : undefined);
  const p: RetentionPolicy = { ...KAFKA_DEFAULTS, source: {} };
  const pick = (field: 'retentionMs' | 'segmentMs', candidates: [string, number][]) => {
    for (const [key, factor] of candidates) {
      const v = num(key);
      if (v !== undefined) {
        p[field] = v < 0 ? -1 : v * factor;
        p.source[field] = `${key}=${props.get(key)}`;
        return;
      }
    }
  };
  pick('retentionMs', [
    ['log.retention.ms', 1],
    ['log.retention.minutes', 60_000],
    ['log.retention.hours', HOUR],
  ]);
  pick('segmentMs', [
    ['log.roll.ms', 1],
    ['log.roll.hours', HOUR],
  ]);
  const bytes = num('log.retention.bytes');
  if (bytes !== undefined) {
    p.retentionBytes = bytes;
    p.source.retentionBytes = `log.retention.bytes=${bytes}`;
  }
  const seg = num('log.segment.bytes');
  if (seg !== undefined) {
    p.segmentBytes = seg;
    p.source.segmentBytes = `log.segment.bytes=${seg}`;
  }
  const check = num('log.retention.check.interval.ms');
  if (check !== undefined) p.checkIntervalMs = check;
  return p;
}

/** Applies topic-level overrides (retention.ms, retention.bytes, segment.bytes, segment.ms). */
export function withTopicOverrides(base: RetentionPolicy, topicConfig: Map<string, string> | undefined): RetentionPolicy {
  if (!topicConfig) return base;
  const p: RetentionPolicy = { ...base, source: { ...base.source } };
  const map = [
    ['retention.ms', 'retentionMs'],
    ['retention.bytes', 'retentionBytes'],
    ['segment.bytes', 'segmentBytes'],
    ['segment.ms', 'segmentMs'],
  ] as const;
  for (const [key, field] of map) {
    const v = topicConfig.get(key);
    if (v !== undefined && Number.isFinite(Number(v))) {
      p[field] = Number(v) < 0 ? -1 : Number(v);
      p.source[field] = `${key}=${v} (topic)`;
    }
  }
  return p;
}

export interface SegmentInfo {
  baseOffset: number;
  /** .log size in bytes */
  size: number;
  /** largest record timestamp in the segment (what time retention looks at); -1 when empty */
  largestTimestamp: number;
  /** timestamp of the first batch; -1 when empty */
  firstTimestamp: number;
  /** offset after the last record of the segment */
  nextOffset: number;
  modifiedMs: number;
}

export interface PartitionDirInfo {
  topic: string;
  partition: number;
  path: string;
  segments: SegmentInfo[];
  size: number;
}

/** `<topic>-<partition>` folders; deleted (`.uuid-delete`), `-future` and `-stray` folders do not match. */
export function parsePartitionDirName(name: string): { topic: string; partition: number } | undefined {
  const m = /^(.+)-(\d+)$/.exec(name);
  if (!m || (m[1]!.includes('.') && /\.[0-9a-f]{32}$/.test(m[1]!))) return undefined;
  return { topic: m[1]!, partition: Number(m[2]) };
}

function readAt(fd: number, position: number, length: number): Buffer {
  const b = Buffer.alloc(length);
  const n = readSync(fd, b, 0, length, position);
  return b.subarray(0, n);
}

/**
 * Entries of a preallocated index are real up to the first all-zero one (after entry 0): find the
 * last real entry by binary search instead of reading a 10 MiB file.
 */
function lastIndexEntry(path: string, entrySize: number, relOffsetAt: number): Buffer | undefined {
  if (!existsSync(path)) return undefined;
  const fd = openSync(path, 'r');
  try {
    const n = Math.floor(fstatSync(fd).size / entrySize);
    if (n === 0) return undefined;
    const real = (i: number) => i === 0 || int32(readAt(fd, i * entrySize, entrySize), relOffsetAt) !== 0;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (real(mid)) lo = mid;
      else hi = mid - 1;
    }
    return readAt(fd, lo * entrySize, entrySize);
  } finally {
    closeSync(fd);
  }
}

export function segmentInfo(dir: string, baseName: string): SegmentInfo {
  const logPath = join(dir, `${baseName}.log`);
  const st = statSync(logPath);
  const baseOffset = Number(baseName);
  const info: SegmentInfo = { baseOffset, size: st.size, largestTimestamp: -1, firstTimestamp: -1, nextOffset: baseOffset, modifiedMs: st.mtimeMs };
  if (st.size < RECORD_BATCH_OVERHEAD) return info;
  const idx = lastIndexEntry(join(dir, `${baseName}.index`), 8, 0);
  const tidx = lastIndexEntry(join(dir, `${baseName}.timeindex`), 12, 8);
  const fd = openSync(logPath, 'r');
  try {
    const first = readAt(fd, 0, RECORD_BATCH_OVERHEAD);
    // the first record's time: base timestamp, or the append time when the broker stamped the batch
    if (first.length === RECORD_BATCH_OVERHEAD) info.firstTimestamp = int64(first, (int32(first, 19) & 0x08) !== 0 ? 35 : 27);
    if (tidx) info.largestTimestamp = Math.max(-1, int64(tidx, 0) || -1);
    // walk batch headers from the last indexed position: the tail the indexes do not cover
    let pos = idx ? Math.min(int32(idx, 4), st.size) : 0;
    while (pos + RECORD_BATCH_OVERHEAD <= st.size) {
      const h = readAt(fd, pos, RECORD_BATCH_OVERHEAD);
      const size = int32(h, 8) + LOG_OVERHEAD;
      if (size < RECORD_BATCH_OVERHEAD || pos + size > st.size) break;
      info.largestTimestamp = Math.max(info.largestTimestamp, int64(h, 35));
      info.nextOffset = int64(h, 0) + int32(h, 23) + 1;
      pos += size;
    }
  } finally {
    closeSync(fd);
  }
  return info;
}

export function scanPartitionDir(path: string, topic: string, partition: number): PartitionDirInfo {
  const bases = readdirSync(path)
    .filter((f) => /^\d{20}\.log$/.test(f))
    .map((f) => f.slice(0, 20))
    .sort();
  const segments = bases.map((b) => segmentInfo(path, b));
  return { topic, partition, path, segments, size: segments.reduce((n, s) => n + s.size, 0) };
}

export function scanLogDir(logDir: string): PartitionDirInfo[] {
  if (!existsSync(logDir)) return [];
  const parts: PartitionDirInfo[] = [];
  for (const name of readdirSync(logDir).sort()) {
    const p = parsePartitionDirName(name);
    if (!p) continue;
    const path = join(logDir, name);
    if (!statSync(path).isDirectory()) continue;
    parts.push(scanPartitionDir(path, p.topic, p.partition));
  }
  return parts.sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
}

export interface RetentionVerdict {
  /** 'now' when due at the next check, 'at' a time, 'after-bytes' more data, 'never' */
  kind: 'now' | 'at' | 'after-bytes' | 'never' | 'empty';
  atMs?: number;
  moreBytes?: number;
  reason: string;
}

/**
 * When retention deletes the oldest segment: by time when its largest timestamp is older than
 * retention.ms; by size when the partition minus retention.bytes is at least that segment's size.
 * Kafka deletes only whole segments and rolls the active one first when it alone would qualify.
 */
export function oldestSegmentRetention(p: PartitionDirInfo, policy: RetentionPolicy, nowMs: number): RetentionVerdict {
  const oldest = p.segments[0];
  if (!oldest || (oldest.size === 0 && p.segments.length === 1)) return { kind: 'empty', reason: 'nothing to delete' };
  const verdicts: RetentionVerdict[] = [];
  if (policy.retentionMs >= 0) {
    const ts = oldest.largestTimestamp > 0 ? oldest.largestTimestamp : oldest.modifiedMs;
    const at = ts + policy.retentionMs;
    verdicts.push(
      at <= nowMs
        ? { kind: 'now', atMs: at, reason: `older than retention.ms ${policy.retentionMs}` }
        : { kind: 'at', atMs: at, reason: `newest record + retention.ms ${policy.retentionMs}` },
    );
  }
  if (policy.retentionBytes >= 0) {
    const over = p.size - policy.retentionBytes;
    verdicts.push(
      over >= oldest.size
        ? { kind: 'now', reason: `partition ${p.size} B exceeds retention.bytes ${policy.retentionBytes} by at least the segment's ${oldest.size} B` }
        : {
            kind: 'after-bytes',
            moreBytes: oldest.size - over,
            reason: `when the partition exceeds retention.bytes ${policy.retentionBytes} by the segment's ${oldest.size} B`,
          },
    );
  }
  if (verdicts.length === 0) return { kind: 'never', reason: 'retention.ms and retention.bytes are both -1 (keep forever)' };
  return verdicts.find((v) => v.kind === 'now') ?? verdicts.find((v) => v.kind === 'at') ?? verdicts[0]!;
}
