/**
 * Kafka's perf-test statistics and text formats (ProducerPerformance / ConsumerPerformance, 3.9)
 * as pure functions: the 5-second progress line, the summary line with latency percentiles,
 * and the consumer's CSV header and row.
 */

const MB = 1024 * 1024;

/** Java's %.Nf (HALF_UP on the decimal expansion; close enough to toFixed for these magnitudes). */
export function fixed(n: number, digits: number): string {
  if (!Number.isFinite(n)) return n > 0 ? 'Infinity' : n < 0 ? '-Infinity' : 'NaN';
  return n.toFixed(digits);
}

export function progressLine(w: { records: number; bytes: number; elapsedMs: number; totalLatencyMs: number; maxLatencyMs: number }): string {
  const secs = w.elapsedMs / 1000;
  const recsPerSec = w.records / secs;
  const mbPerSec = w.bytes / MB / secs;
  const avg = w.records === 0 ? 0 : w.totalLatencyMs / w.records;
  return `${w.records} records sent, ${fixed(recsPerSec, 1)} records/sec (${fixed(mbPerSec, 2)} MB/sec), ${fixed(avg, 1)} ms avg latency, ${fixed(w.maxLatencyMs, 1)} ms max latency.`;
}

/** Kafka's sampling step: at most 500,000 latencies are kept for the percentiles. */
export function samplingStep(numRecords: number): number {
  return Math.max(1, Math.floor(numRecords / Math.min(numRecords, 500_000)));
}

/** Percentiles as Kafka computes them: sorted sample, index = floor(p × count). */
export function percentiles(sample: ArrayLike<number>, count: number, ps: readonly number[]): number[] {
  const sorted = Int32Array.from({ length: count }, (_, i) => sample[i]!).sort();
  return ps.map((p) => (count === 0 ? 0 : sorted[Math.min(count - 1, Math.floor(p * count))]!));
}

export interface Summary {
  records: number;
  bytes: number;
  elapsedMs: number;
  totalLatencyMs: number;
  maxLatencyMs: number;
  p50: number;
  p95: number;
  p99: number;
  p999: number;
}

/** The final line, 3.9 format (`%f` records/sec: six decimals). */
export function summaryLine(s: Summary): string {
  const secs = s.elapsedMs / 1000;
  const recsPerSec = s.records / secs;
  const mbPerSec = s.bytes / MB / secs;
  const avg = s.records === 0 ? 0 : s.totalLatencyMs / s.records;
  return `${s.records} records sent, ${fixed(recsPerSec, 6)} records/sec (${fixed(mbPerSec, 2)} MB/sec), ${fixed(avg, 2)} ms avg latency, ${fixed(s.maxLatencyMs, 2)} ms max latency, ${s.p50} ms 50th, ${s.p95} ms 95th, ${s.p99} ms 99th, ${s.p999} ms 99.9th.`;
}

/** Parses a summary line back (for tests and the benchmark harness). */
export function parseSummaryLine(
  line: string,
):
  | { records: number; recordsPerSec: number; mbPerSec: number; avgLatency: number; maxLatency: number; p50: number; p95: number; p99: number; p999: number }
  | undefined {
  const m =
    /^(\d+) records sent, ([\d.]+) records\/sec \(([\d.]+) MB\/sec\), ([\d.]+) ms avg latency, ([\d.]+) ms max latency, (\d+) ms 50th, (\d+) ms 95th, (\d+) ms 99th, (\d+) ms 99\.9th\.$/.exec(
      line.trim(),
    );
  if (!m) return undefined;
  const n = m.slice(1).map(Number);
  return { records: n[0]!, recordsPerSec: n[1]!, mbPerSec: n[2]!, avgLatency: n[3]!, maxLatency: n[4]!, p50: n[5]!, p95: n[6]!, p99: n[7]!, p999: n[8]! };
}

/**
 * Kafka's producer Stats: per-record latencies into a 5 s window (progress line) and a
 * sample for percentiles. Records of one batch share a latency, so they are added in bulk.
 */
export class ProducerStats {
  readonly start: number;
  private readonly step: number;
  private readonly sample: Int32Array;
  private sampled = 0;
  private index = 0;
  count = 0;
  bytes = 0;
  totalLatency = 0;
  maxLatency = 0;
  private windowStart: number;
  private windowCount = 0;
  private windowBytes = 0;
  private windowLatency = 0;
  private windowMax = 0;

  constructor(
    numRecords: number,
    private readonly reportingIntervalMs = 5000,
    now = Date.now(),
  ) {
    this.start = now;
    this.windowStart = now;
    this.step = samplingStep(numRecords);
    this.sample = new Int32Array(Math.ceil(numRecords / this.step) + 1);
  }

  /** n records of `bytesEach` acknowledged `latencyMs` after they were sent; returns a progress line when a window closes. */
  record(n: number, bytesEach: number, latencyMs: number, now = Date.now()): string | undefined {
    const latency = Math.max(0, Math.round(latencyMs));
    for (let i = 0; i < n; i++) {
      if ((this.index + i) % this.step === 0 && this.sampled < this.sample.length) this.sample[this.sampled++] = latency;
    }
    this.index += n;
    this.count += n;
    this.bytes += n * bytesEach;
    this.totalLatency += latency * n;
    if (latency > this.maxLatency) this.maxLatency = latency;
    this.windowCount += n;
    this.windowBytes += n * bytesEach;
    this.windowLatency += latency * n;
    if (latency > this.windowMax) this.windowMax = latency;
    if (now - this.windowStart >= this.reportingIntervalMs) {
      const line = progressLine({
        records: this.windowCount,
        bytes: this.windowBytes,
        elapsedMs: now - this.windowStart,
        totalLatencyMs: this.windowLatency,
        maxLatencyMs: this.windowMax,
      });
      this.windowStart = now;
      this.windowCount = this.windowBytes = this.windowLatency = this.windowMax = 0;
      return line;
    }
    return undefined;
  }

  summary(now = Date.now()): Summary {
    const [p50, p95, p99, p999] = percentiles(this.sample, this.sampled, [0.5, 0.95, 0.99, 0.999]);
    return {
      records: this.count,
      bytes: this.bytes,
      elapsedMs: Math.max(1, now - this.start),
      totalLatencyMs: this.totalLatency,
      maxLatencyMs: this.maxLatency,
      p50: p50!,
      p95: p95!,
      p99: p99!,
      p999: p999!,
    };
  }
}

export const CONSUMER_HEADER =
  'start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec';
export const CONSUMER_DETAILED_HEADER =
  'time, threadId, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec';

/** Kafka's default --date-format `yyyy-MM-dd HH:mm:ss:SSS`, local time. */
export function kafkaDate(ms: number): string {
  const d = new Date(ms);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}:${p(d.getMilliseconds(), 3)}`;
}

export interface ConsumerResult {
  startMs: number;
  endMs: number;
  bytes: number;
  messages: number;
  /** time spent joining the group before the first fetch */
  rebalanceMs: number;
}

/** ConsumerPerformance's summary row: `%s, %s, %.4f, %.4f, %d, %.4f, %d, %d, %.4f, %.4f`. */
export function consumerRow(r: ConsumerResult): string {
  const elapsedSecs = (r.endMs - r.startMs) / 1000;
  const fetchMs = r.endMs - r.startMs - r.rebalanceMs;
  const mb = r.bytes / MB;
  const fetchSecs = fetchMs / 1000;
  return [
    kafkaDate(r.startMs),
    kafkaDate(r.endMs),
    fixed(mb, 4),
    fixed(mb / elapsedSecs, 4),
    String(r.messages),
    fixed(r.messages / elapsedSecs, 4),
    String(r.rebalanceMs),
    String(fetchMs),
    fixed(mb / fetchSecs, 4),
    fixed(r.messages / fetchSecs, 4),
  ].join(', ');
}

/** A --show-detailed-stats row for one interval. */
export function consumerDetailedRow(
  now: number,
  totalBytes: number,
  totalMessages: number,
  intervalBytes: number,
  intervalMessages: number,
  intervalMs: number,
  rebalanceMs: number,
  fetchMs: number,
): string {
  const secs = intervalMs / 1000;
  const fetchSecs = fetchMs / 1000;
  return [
    kafkaDate(now),
    '0',
    fixed(totalBytes / MB, 4),
    fixed(intervalBytes / MB / secs, 4),
    String(totalMessages),
    fixed(intervalMessages / secs, 4),
    String(rebalanceMs),
    String(fetchMs),
    fixed(fetchMs > 0 ? intervalBytes / MB / fetchSecs : 0, 4),
    fixed(fetchMs > 0 ? intervalMessages / fetchSecs : 0, 4),
  ].join(', ');
}
