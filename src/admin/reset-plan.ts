/**
 * `consumer-groups --reset-offsets`: the pure part. Parses Kafka's scope and scenario options,
 * computes new offsets (clamped to the log like ConsumerGroupCommand does) and prints the plan
 * in Kafka 3.9's layout.
 */
import { UsageError } from '../errors.js';

export type ResetScenario =
  | { kind: 'earliest' }
  | { kind: 'latest' }
  | { kind: 'current' }
  | { kind: 'offset'; offset: number }
  | { kind: 'shift'; by: number }
  | { kind: 'datetime'; timestamp: number };

export interface TopicScope {
  topic: string;
  /** undefined: every partition of the topic */
  partitions?: number[];
}

/** `t`, `t:0`, `t:0,1,2` (the forms `--topic` takes with --reset-offsets). */
export function parseTopicScope(spec: string): TopicScope {
  const i = spec.indexOf(':');
  if (i < 0) return { topic: spec };
  const topic = spec.slice(0, i);
  const partitions = spec
    .slice(i + 1)
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p.length > 0)
    .map((p) => {
      if (!/^\d+$/.test(p)) throw new UsageError(`invalid partition '${p}' in --topic ${spec}`, 'Use --topic TOPIC or --topic TOPIC:0,1,2');
      return Number(p);
    });
  return { topic, partitions: partitions.length ? partitions : undefined };
}

/** java.time.Duration.parse subset Kafka documents for --by-duration: PnDTnHnMnS (signs and fractional seconds allowed). */
export function parseIsoDuration(text: string): number {
  const m = /^([-+]?)P(?:([-+]?\d+)D)?(?:T(?:([-+]?\d+)H)?(?:([-+]?\d+)M)?(?:([-+]?\d+(?:[.,]\d{1,9})?)S)?)?$/i.exec(text.trim());
  if (!m || (!m[2] && !m[3] && !m[4] && !m[5]) || /T$/i.test(text.trim())) {
    throw new UsageError(`invalid duration '${text}' for --by-duration`, 'Use ISO-8601 PnDTnHnMnS, e.g. PT1H (one hour) or P1DT30M.');
  }
  const n = (s: string | undefined) => (s ? Number(s.replace(',', '.')) : 0);
  const ms = ((n(m[2]) * 24 + n(m[3])) * 60 + n(m[4])) * 60_000 + Math.round(n(m[5]) * 1000);
  return m[1] === '-' ? -ms : ms;
}

/** Kafka's --to-datetime: `yyyy-MM-ddTHH:mm:SS.sss` with an optional zone (`Z`, `+hh:mm`, `+hhmm`); no zone means UTC. */
export function parseResetDatetime(text: string): number {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(\.\d{1,3})?(Z|[+-]\d{2}:?\d{2})?$/.exec(text.trim());
  if (!m) {
    throw new UsageError(
      `invalid date-time '${text}' for --to-datetime`,
      'Use yyyy-MM-ddTHH:mm:SS.sss, e.g. 2024-01-31T08:00:00.000 (UTC unless a zone like Z or +01:00 follows).',
    );
  }
  let zone = m[4] ?? 'Z';
  if (/^[+-]\d{4}$/.test(zone)) zone = `${zone.slice(0, 3)}:${zone.slice(3)}`;
  const ms = Date.parse(`${m[1]}T${m[2]}${(m[3] ?? '.000').padEnd(4, '0')}${zone}`);
  if (Number.isNaN(ms)) throw new UsageError(`invalid date-time '${text}' for --to-datetime`, 'Use yyyy-MM-ddTHH:mm:SS.sss.');
  return ms;
}

export interface PartitionOffsets {
  topic: string;
  partition: number;
  /** committed offset of the group, undefined when none */
  committed?: number;
  /** log start and log end offsets */
  low: number;
  high: number;
  /** for datetime scenarios: the first offset with timestamp >= target, undefined when there is none */
  byTime?: number;
}

export interface PlannedOffset {
  topic: string;
  partition: number;
  offset: number;
}

export interface ResetPlan {
  offsets: PlannedOffset[];
  /** Kafka logs these at WARN (offset clamped to the log) */
  warnings: string[];
  /** Kafka prints these on stdout (`\nWarn: Partition p from topic t is empty. ...`) */
  notices: string[];
}

/** New offsets for each partition; out-of-range targets are clamped with Kafka's warning texts. */
export function computeResetPlan(scenario: ResetScenario, partitions: readonly PartitionOffsets[]): ResetPlan {
  const warnings: string[] = [];
  const notices: string[] = [];
  const clamp = (p: PartitionOffsets, wanted: number): number => {
    if (wanted > p.high) {
      warnings.push(`New offset (${wanted}) is higher than latest offset for topic partition ${p.topic}-${p.partition}. Value will be set to ${p.high}`);
      return p.high;
    }
    if (wanted < p.low) {
      warnings.push(`New offset (${wanted}) is lower than earliest offset for topic partition ${p.topic}-${p.partition}. Value will be set to ${p.low}`);
      return p.low;
    }
    return wanted;
  };
  const offsets = partitions.map((p): PlannedOffset => {
    let offset: number;
    switch (scenario.kind) {
      case 'earliest':
        offset = p.low;
        break;
      case 'latest':
        offset = p.high;
        break;
      case 'current':
        offset = p.committed ?? p.high;
        break;
      case 'offset':
        offset = clamp(p, scenario.offset);
        break;
      case 'shift':
        if (p.committed === undefined) {
          throw new UsageError(
            `Cannot shift offset for partition ${p.topic}-${p.partition} since there is no current committed offset`,
            'Use --to-earliest, --to-latest or --to-offset for partitions the group never committed.',
          );
        }
        offset = clamp(p, p.committed + scenario.by);
        break;
      case 'datetime':
        if (p.byTime === undefined) {
          notices.push(`Partition ${p.partition} from topic ${p.topic} is empty. Falling back to latest known offset.`);
          offset = p.high;
        } else offset = p.byTime;
        break;
    }
    return { topic: p.topic, partition: p.partition, offset };
  });
  return { offsets, warnings, notices };
}
