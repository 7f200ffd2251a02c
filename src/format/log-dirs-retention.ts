/** Text/JSON views of log-dirs: partition folders per broker with the retention verdict. */
import type { PartitionDirInfo, RetentionPolicy, RetentionVerdict } from '../log/retention-scan.js';

export interface BrokerLogDirView {
  broker: string;
  logDir: string;
  policy: RetentionPolicy;
  partitions: { info: PartitionDirInfo; policy: RetentionPolicy; verdict: RetentionVerdict }[];
}

export function humanBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

export function humanDuration(ms: number): string {
  if (ms < 0) return 'forever';
  const units: [number, string][] = [
    [86_400_000, 'd'],
    [3_600_000, 'h'],
    [60_000, 'min'],
    [1000, 's'],
  ];
  for (const [u, name] of units) if (ms >= u && ms % u === 0) return `${ms / u}${name}`;
  return `${ms}ms`;
}

export function isoTime(ms: number): string {
  return ms < 0
    ? '-'
    : new Date(ms)
        .toISOString()
        .replace('T', ' ')
        .replace(/\.\d+Z$/, 'Z');
}

export function verdictText(v: RetentionVerdict, policy: RetentionPolicy): string {
  switch (v.kind) {
    case 'empty':
      return 'empty';
    case 'never':
      return 'never (retention -1)';
    case 'now':
      return `due now (checked every ${humanDuration(policy.checkIntervalMs)})`;
    case 'at':
      return `at ${isoTime(v.atMs!)}`;
    case 'after-bytes':
      return `after ${humanBytes(v.moreBytes!)} more`;
  }
}

function baseOffsets(info: PartitionDirInfo): string {
  const bases = info.segments.map((s) => String(s.baseOffset));
  return bases.length <= 4 ? bases.join(',') : `${bases.slice(0, 2).join(',')},…,${bases.slice(-2).join(',')}`;
}

function oldestRecord(info: PartitionDirInfo): number {
  return info.segments.find((s) => s.firstTimestamp >= 0)?.firstTimestamp ?? -1;
}

export function policyLine(p: RetentionPolicy): string {
  const time =
    p.retentionMs < 0 ? 'time: forever' : `time: ${humanDuration(p.retentionMs)}${p.source.retentionMs ? ` (${p.source.retentionMs})` : ' (default)'}`;
  const size = p.retentionBytes < 0 ? 'size: unlimited' : `size: ${humanBytes(p.retentionBytes)} per partition`;
  return `retention ${time}, ${size}; segments roll at ${humanBytes(p.segmentBytes)} or ${humanDuration(p.segmentMs)}`;
}

export const HEAD = ['PARTITION', 'SEGMENTS', 'SIZE', 'BASE OFFSETS', 'OLDEST RECORD', 'OLDEST SEGMENT DELETED'];

export function partitionRow(p: BrokerLogDirView['partitions'][number]): string[] {
  const { info, verdict, policy } = p;
  const overrides = Object.values(policy.source).filter((s) => s?.endsWith('(topic)'));
  return [
    `${info.topic}-${info.partition}`,
    String(info.segments.length),
    humanBytes(info.size),
    baseOffsets(info),
    isoTime(oldestRecord(info)),
    verdictText(verdict, policy) + (overrides.length > 0 ? ` [${overrides.join(', ').replace(/ \(topic\)/g, '')}]` : ''),
  ];
}

function align(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) =>
    r
      .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd(),
  );
}

export function logDirsText(views: BrokerLogDirView[]): string {
  const lines: string[] = [];
  for (const v of views) {
    lines.push(`${v.broker}: ${v.logDir}`);
    lines.push(`  ${policyLine(v.policy)}`);
    if (v.partitions.length === 0) lines.push('  (no topic-partition folders yet)');
    else {
      lines.push(...align([HEAD, ...v.partitions.map(partitionRow)]).map((l) => `  ${l}`));
      // the next step of the lesson: read a segment straight off disk
      const sample =
        v.partitions.find((p) => !p.info.topic.startsWith('__') && p.info.segments.length > 0) ?? v.partitions.find((p) => p.info.segments.length > 0);
      if (sample) {
        const base = String(sample.info.segments[sample.info.segments.length - 1]!.baseOffset).padStart(20, '0');
        lines.push(`  read one: kafka-lab dump-log --print-data-log --files ${sample.info.path}/${base}.log`);
      }
    }
    lines.push('');
  }
  return lines.join('\n').trimEnd();
}

export function logDirsJson(views: BrokerLogDirView[]): unknown {
  return views.map((v) => ({
    broker: v.broker,
    logDir: v.logDir,
    defaults: v.policy,
    partitions: v.partitions.map((p) => ({
      topic: p.info.topic,
      partition: p.info.partition,
      path: p.info.path,
      size: p.info.size,
      oldestRecordTimestamp: oldestRecord(p.info),
      retention: p.policy,
      oldestSegmentDeletion: p.verdict,
      segments: p.info.segments,
    })),
  }));
}
