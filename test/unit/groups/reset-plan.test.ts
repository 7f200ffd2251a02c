import { describe, expect, it } from 'vitest';
import { computeResetPlan, parseIsoDuration, parseResetDatetime, parseTopicScope } from '../../../src/admin/reset-plan.js';
import { formatResetPlan, kafkaOrder } from '../../../src/format/groups-table.js';

describe('reset option parsing', () => {
  it('parses topic scopes', () => {
    expect(parseTopicScope('t')).toEqual({ topic: 't' });
    expect(parseTopicScope('t:0,2')).toEqual({ topic: 't', partitions: [0, 2] });
    expect(() => parseTopicScope('t:x')).toThrow(/invalid partition 'x'/);
  });
  it('parses ISO durations', () => {
    expect(parseIsoDuration('PT1H')).toBe(3_600_000);
    expect(parseIsoDuration('P1DT30M')).toBe(86_400_000 + 1_800_000);
    expect(parseIsoDuration('PT0.5S')).toBe(500);
    expect(() => parseIsoDuration('1h')).toThrow(/invalid duration '1h'/);
    expect(() => parseIsoDuration('P')).toThrow();
  });
  it('parses Kafka date-times (UTC without a zone)', () => {
    expect(parseResetDatetime('2020-01-01T00:00:00.000')).toBe(Date.UTC(2020, 0, 1));
    expect(parseResetDatetime('2020-01-01T01:00:00.000+01:00')).toBe(Date.UTC(2020, 0, 1));
    expect(parseResetDatetime('2020-01-01T00:00:00')).toBe(Date.UTC(2020, 0, 1));
    expect(() => parseResetDatetime('2020-01-01')).toThrow(/invalid date-time/);
  });
});

describe('computeResetPlan', () => {
  const parts = [
    { topic: 't', partition: 0, committed: 10, low: 0, high: 30 },
    { topic: 't', partition: 1, low: 5, high: 5 },
  ];
  it('earliest / latest / current', () => {
    expect(computeResetPlan({ kind: 'earliest' }, parts).offsets.map((o) => o.offset)).toEqual([0, 5]);
    expect(computeResetPlan({ kind: 'latest' }, parts).offsets.map((o) => o.offset)).toEqual([30, 5]);
    expect(computeResetPlan({ kind: 'current' }, parts).offsets.map((o) => o.offset)).toEqual([10, 5]);
  });
  it('clamps --to-offset with Kafka warning texts', () => {
    const p = computeResetPlan({ kind: 'offset', offset: 100 }, parts);
    expect(p.offsets.map((o) => o.offset)).toEqual([30, 5]);
    expect(p.warnings[0]).toBe('New offset (100) is higher than latest offset for topic partition t-0. Value will be set to 30');
    const low = computeResetPlan({ kind: 'offset', offset: 1 }, parts);
    expect(low.warnings).toEqual(['New offset (1) is lower than earliest offset for topic partition t-1. Value will be set to 5']);
  });
  it('shift-by needs a committed offset', () => {
    expect(computeResetPlan({ kind: 'shift', by: -3 }, [parts[0]!]).offsets[0]!.offset).toBe(7);
    expect(() => computeResetPlan({ kind: 'shift', by: 1 }, parts)).toThrow('Cannot shift offset for partition t-1 since there is no current committed offset');
  });
  it('datetime falls back to the log end with a notice', () => {
    const p = computeResetPlan({ kind: 'datetime', timestamp: 0 }, [{ ...parts[0]!, byTime: 12 }, parts[1]!]);
    expect(p.offsets.map((o) => o.offset)).toEqual([12, 5]);
    expect(p.notices).toEqual(['Partition 1 from topic t is empty. Falling back to latest known offset.']);
  });
});

describe('formatResetPlan', () => {
  it('3.9 layout: header then rows on the same line (observed bytes)', () => {
    const rows = kafkaOrder([0, 1, 2].map((partition) => ({ topic: 't1', partition, offset: partition === 2 ? 30 : 0 })));
    expect(formatResetPlan(rows.map((r) => ({ group: 'g1', ...r })))).toBe(
      '\nGROUP                          TOPIC                          PARTITION  NEW-OFFSET     ' +
        'g1                             t1                             2          30             ' +
        'g1                             t1                             1          0              ' +
        'g1                             t1                             0          0              ',
    );
  });
});
