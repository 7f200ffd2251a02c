import { describe, expect, it } from 'vitest';
import { parseDuration, parseOffsetPlan, parseOffsetSpec, resolveOffset, specFor, isKafkaOffset } from '../../../src/consume/offset-spec.js';

describe('offset grammar', () => {
  it('parses every form', () => {
    expect(parseOffsetSpec('earliest')).toEqual({ kind: 'start' });
    expect(parseOffsetSpec('start')).toEqual({ kind: 'start' });
    expect(parseOffsetSpec('LATEST')).toEqual({ kind: 'end' });
    expect(parseOffsetSpec('12')).toEqual({ kind: 'exact', offset: 12n });
    expect(parseOffsetSpec('+3')).toEqual({ kind: 'fromStart', count: 3n });
    expect(parseOffsetSpec('-3')).toEqual({ kind: 'fromEnd', count: 3n });
    expect(parseOffsetSpec('@1700000000000')).toEqual({ kind: 'time', ms: 1700000000000 });
    expect(parseOffsetSpec('@-1h', 10_000_000)).toEqual({ kind: 'time', ms: 10_000_000 - 3_600_000 });
    expect(parseOffsetSpec('@2024-05-01T00:00:00Z')).toEqual({ kind: 'time', ms: Date.UTC(2024, 4, 1) });
    expect(() => parseOffsetSpec('soon')).toThrow(/not an offset/);
    expect(() => parseOffsetSpec('@-1y')).toThrow(/duration/);
  });
  it('parses durations', () => {
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('500ms')).toBe(500);
    expect(() => parseDuration('h')).toThrow();
  });
  it('parses per-partition plans', () => {
    const p = parseOffsetPlan('0:5,1:end,-2');
    expect(specFor(p, 0, { kind: 'end' })).toEqual({ kind: 'exact', offset: 5n });
    expect(specFor(p, 1, { kind: 'start' })).toEqual({ kind: 'end' });
    expect(specFor(p, 7, { kind: 'start' })).toEqual({ kind: 'fromEnd', count: 2n });
    expect(specFor(parseOffsetPlan('1:3'), 0, { kind: 'end' })).toEqual({ kind: 'end' });
    expect(() => parseOffsetPlan('end,start')).toThrow(/two offsets/);
  });
  it('resolves against the watermarks, clamped into the log', () => {
    expect(resolveOffset({ kind: 'start' }, 5n, 10n)).toBe(5n);
    expect(resolveOffset({ kind: 'end' }, 5n, 10n)).toBe(10n);
    expect(resolveOffset({ kind: 'exact', offset: 2n }, 5n, 10n)).toBe(5n);
    expect(resolveOffset({ kind: 'exact', offset: 99n }, 5n, 10n)).toBe(10n);
    expect(resolveOffset({ kind: 'fromStart', count: 2n }, 5n, 10n)).toBe(7n);
    expect(resolveOffset({ kind: 'fromEnd', count: 20n }, 5n, 10n)).toBe(5n);
    expect(resolveOffset({ kind: 'time', ms: 1 }, 5n, 10n, 8n)).toBe(8n);
    expect(resolveOffset({ kind: 'time', ms: 1 }, 5n, 10n, -1n)).toBe(10n);
  });
  it("knows Kafka's own --offset values", () => {
    expect(isKafkaOffset('earliest')).toBe(true);
    expect(isKafkaOffset('5')).toBe(true);
    expect(isKafkaOffset('-5')).toBe(false);
  });
});
