import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { recordFromJson, recordToJson, JsonRecordError } from '../../../src/format/json-record.js';
import type { ConsumedRecord } from '../../../src/format/record.js';

const base: ConsumedRecord = {
  topic: 't',
  partition: 1,
  offset: '7',
  timestamp: '1700000000000',
  timestampType: 'CreateTime',
  key: Buffer.from('k'),
  value: Buffer.from('v'),
  headers: [],
};

describe('JSON records', () => {
  it('writes a stable schema with utf8 text', () => {
    expect(recordToJson({ ...base, headers: [{ key: 'h', value: Buffer.from('x') }] })).toBe(
      '{"topic":"t","partition":1,"offset":"7","timestamp":1700000000000,"key":"k","keyEncoding":"utf8","value":"v","valueEncoding":"utf8","headers":[{"key":"h","value":"x"}]}',
    );
  });
  it('round-trips random binary through base64, null key and value, and headers', () => {
    for (let i = 0; i < 50; i++) {
      const value = randomBytes(i * 7);
      const r = {
        ...base,
        key: null,
        value,
        headers: [
          { key: 'bin', value: randomBytes(5) },
          { key: 'n', value: null },
        ],
      };
      const back = recordFromJson(recordToJson(r));
      expect(back.key).toBeNull();
      expect(back.value!.equals(value)).toBe(true);
      expect(back.headers.map((h) => [h.key, h.value?.toString('hex') ?? null])).toEqual(r.headers.map((h) => [h.key, h.value?.toString('hex') ?? null]));
      expect(back.partition).toBe(1);
      expect(back.timestamp).toBe('1700000000000');
    }
    expect(recordFromJson('{"value":null}').value).toBeNull();
  });
  it('reads hex and defaults to utf8', () => {
    const r = recordFromJson('{"key":"6869","keyEncoding":"hex","value":"héllo"}');
    expect(r.key!.toString()).toBe('hi');
    expect(r.value!.toString('utf8')).toBe('héllo');
  });
  it('rejects bad input with a reason', () => {
    expect(() => recordFromJson('nope')).toThrow(JsonRecordError);
    expect(() => recordFromJson('{"key":"a"}')).toThrow(/missing "value"/);
    expect(() => recordFromJson('{"value":"zz","valueEncoding":"hex"}')).toThrow(/not valid hex/);
    expect(() => recordFromJson('{"value":"a","valueEncoding":"rot13"}')).toThrow(/valueEncoding must be one of/);
    expect(() => recordFromJson('{"value":"a","partition":-1}')).toThrow(/partition/);
  });
});
