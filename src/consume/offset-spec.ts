/**
 * Where a consumer starts, one grammar for every partition or per partition:
 *
 *   start | beginning | earliest | oldest     the log start
 *   end | latest | newest                     the log end (only new records)
 *   N                                         exactly offset N (clamped into the log)
 *   +N                                        N records after the start
 *   -N                                        N records before the end
 *   @<epoch-ms>                               the first record at or after that time
 *   @-<duration>                              that long ago, e.g. @-1h, @-30m, @-90s, @-2d, @-500ms
 *   @<ISO date/time>                          e.g. @2024-05-01 or @2024-05-01T12:00:00Z
 *
 * Per partition: `0:5,1:end` (partitions not named keep the default start). Kafka's
 * `--offset earliest|latest|N` is the subset of this grammar Kafka's console consumer knows.
 */
export type OffsetSpec =
  | { kind: 'start' }
  | { kind: 'end' }
  | { kind: 'exact'; offset: bigint }
  | { kind: 'fromStart'; count: bigint }
  | { kind: 'fromEnd'; count: bigint }
  | { kind: 'time'; ms: number };

export interface OffsetPlan {
  /** applies to every partition not listed in perPartition */
  all?: OffsetSpec;
  perPartition: Map<number, OffsetSpec>;
}

export class OffsetSpecError extends Error {}

const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** Parses `1h`, `30m`, `1h30m`, `500ms` into milliseconds. */
export function parseDuration(text: string): number {
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/gy;
  let total = 0;
  let matched = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    total += Number(m[1]) * DURATION_UNITS[m[2]!]!;
    matched = re.lastIndex;
  }
  if (matched === 0 || matched !== text.length) throw new OffsetSpecError(`'${text}' is not a duration (examples: 1h, 30m, 90s, 2d, 1h30m)`);
  return total;
}

export function parseOffsetSpec(text: string, now: number = Date.now()): OffsetSpec {
  const t = text.trim();
  const lower = t.toLowerCase();
  if (['start', 'beginning', 'earliest', 'oldest', 'first'].includes(lower)) return { kind: 'start' };
  if (['end', 'latest', 'newest', 'last'].includes(lower)) return { kind: 'end' };
  if (/^\d+$/.test(t)) return { kind: 'exact', offset: BigInt(t) };
  if (/^\+\d+$/.test(t)) return { kind: 'fromStart', count: BigInt(t.slice(1)) };
  if (/^-\d+$/.test(t)) return { kind: 'fromEnd', count: BigInt(t.slice(1)) };
  if (t.startsWith('@')) {
    const rest = t.slice(1);
    if (/^\d+$/.test(rest)) return { kind: 'time', ms: Number(rest) };
    if (rest.startsWith('-')) return { kind: 'time', ms: now - parseDuration(rest.slice(1)) };
    if (/^\d{4}-\d{2}-\d{2}/.test(rest)) {
      const ms = Date.parse(rest);
      if (!Number.isNaN(ms)) return { kind: 'time', ms };
    }
    throw new OffsetSpecError(`'${t}' is not a time (use @<epoch-ms>, @-1h or @2024-05-01T12:00:00Z)`);
  }
  throw new OffsetSpecError(`'${t}' is not an offset (use start, end, N, +N, -N, @<epoch-ms> or @-1h)`);
}

/** Parses `end`, `0:5,1:end`, or a mix (`-10,2:start`: every partition -10, partition 2 from the start). */
export function parseOffsetPlan(text: string, now: number = Date.now()): OffsetPlan {
  const plan: OffsetPlan = { perPartition: new Map() };
  for (const item of text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const m = /^(\d+):(.+)$/.exec(item);
    if (m) {
      plan.perPartition.set(Number(m[1]), parseOffsetSpec(m[2]!, now));
    } else {
      if (plan.all) throw new OffsetSpecError(`two offsets for all partitions in '${text}' (use P:OFFSET for one partition)`);
      plan.all = parseOffsetSpec(item, now);
    }
  }
  if (!plan.all && plan.perPartition.size === 0) throw new OffsetSpecError('empty offset');
  return plan;
}

export function specFor(plan: OffsetPlan, partition: number, fallback: OffsetSpec): OffsetSpec {
  return plan.perPartition.get(partition) ?? plan.all ?? fallback;
}

/**
 * Turns a spec into an absolute offset for one partition, given its log start (low) and end
 * (high) and, for time specs, the offset the broker returned for that time (-1/high when none).
 */
export function resolveOffset(spec: OffsetSpec, low: bigint, high: bigint, offsetForTime?: bigint): bigint {
  const clamp = (o: bigint) => (o < low ? low : o > high ? high : o);
  switch (spec.kind) {
    case 'start':
      return low;
    case 'end':
      return high;
    case 'exact':
      return clamp(spec.offset);
    case 'fromStart':
      return clamp(low + spec.count);
    case 'fromEnd':
      return clamp(high - spec.count);
    case 'time':
      return offsetForTime === undefined || offsetForTime < 0n ? high : clamp(offsetForTime);
  }
}

/** Kafka's own `--offset` check: earliest, latest or a non-negative long. */
export function isKafkaOffset(text: string): boolean {
  return /^(earliest|latest)$/i.test(text) || /^\d+$/.test(text);
}
