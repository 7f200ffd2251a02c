import { describe, expect, it } from 'vitest';
import {
  CONSUMER_HEADER,
  ProducerStats,
  consumerRow,
  kafkaDate,
  parseSummaryLine,
  percentiles,
  progressLine,
  samplingStep,
  summaryLine,
} from '../../../src/perf/stats.js';
import { randomPayload, splitPayloads } from '../../../src/perf/producer.js';

describe('producer lines', () => {
  it('progress line in Kafka format', () => {
    expect(progressLine({ records: 99_905, bytes: 99_905 * 100, elapsedMs: 5000, totalLatencyMs: 99_905 * 2.5, maxLatencyMs: 210 })).toBe(
      '99905 records sent, 19981.0 records/sec (1.91 MB/sec), 2.5 ms avg latency, 210.0 ms max latency.',
    );
  });
  it('summary line in the 3.9 format (six decimals for records/sec) and parses back', () => {
    const line = summaryLine({
      records: 100_000,
      bytes: 100_000 * 1000,
      elapsedMs: 5005,
      totalLatencyMs: 231_000,
      maxLatencyMs: 210,
      p50: 1,
      p95: 7,
      p99: 15,
      p999: 180,
    });
    expect(line).toBe(
      '100000 records sent, 19980.019980 records/sec (19.05 MB/sec), 2.31 ms avg latency, 210.00 ms max latency, 1 ms 50th, 7 ms 95th, 15 ms 99th, 180 ms 99.9th.',
    );
    expect(parseSummaryLine(line)).toMatchObject({ records: 100_000, p999: 180, mbPerSec: 19.05 });
    expect(parseSummaryLine('garbage')).toBeUndefined();
  });
});

describe('percentiles', () => {
  it('index = floor(p × count) of the sorted sample', () => {
    const sample = Int32Array.from([5, 1, 4, 2, 3, 10, 9, 8, 7, 6]);
    expect(percentiles(sample, 10, [0.5, 0.95, 0.99, 0.999])).toEqual([6, 10, 10, 10]);
    expect(percentiles(sample, 4, [0.5])).toEqual([4]); // sample [5,1,4,2] → sorted [1,2,4,5], index 2
    expect(percentiles(new Int32Array(0), 0, [0.5])).toEqual([0]);
  });
  it('samples at most 500,000 latencies', () => {
    expect(samplingStep(1000)).toBe(1);
    expect(samplingStep(1_000_000)).toBe(2);
    expect(samplingStep(1_600_000)).toBe(3);
  });
  it('ProducerStats counts bulk records, windows every interval and computes percentiles', () => {
    const s = new ProducerStats(1000, 5000, 0);
    expect(s.record(500, 100, 1, 1000)).toBeUndefined();
    const line = s.record(500, 100, 9, 5000);
    expect(line).toBe('1000 records sent, 200.0 records/sec (0.02 MB/sec), 5.0 ms avg latency, 9.0 ms max latency.');
    const sum = s.summary(10_000);
    expect(sum).toMatchObject({ records: 1000, bytes: 100_000, maxLatencyMs: 9, p50: 9, p95: 9 });
    expect(sum.totalLatencyMs / sum.records).toBe(5);
    const low = new ProducerStats(1000, 5000, 0);
    low.record(600, 1, 1, 1);
    low.record(400, 1, 50, 2);
    expect(low.summary(3)).toMatchObject({ p50: 1, p95: 50 });
  });
});

describe('consumer CSV', () => {
  it('header and row in ConsumerPerformance format', () => {
    expect(CONSUMER_HEADER).toBe(
      'start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec',
    );
    const start = new Date(2024, 0, 2, 3, 4, 5, 6).getTime();
    const row = consumerRow({ startMs: start, endMs: start + 2000, bytes: 1024 * 1024 * 10, messages: 100_000, rebalanceMs: 1000 });
    expect(row).toBe('2024-01-02 03:04:05:006, 2024-01-02 03:04:07:006, 10.0000, 5.0000, 100000, 50000.0000, 1000, 1000, 10.0000, 100000.0000');
    expect(kafkaDate(start)).toBe('2024-01-02 03:04:05:006');
  });
});

describe('producer helpers', () => {
  it('random payloads are A-Z of the right size', () => {
    const p = randomPayload(1000);
    expect(p.length).toBe(1000);
    expect(/^[A-Z]+$/.test(p.toString('latin1'))).toBe(true);
  });
  it('payload files split on the delimiter, empty pieces dropped', () => {
    expect(splitPayloads('a\nbb\n\nccc\n', '\n').map(String)).toEqual(['a', 'bb', 'ccc']);
  });
});
