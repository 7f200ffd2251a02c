import { describe, expect, it } from 'vitest';
import { formatRecord, formatterOptions } from '../../../src/format/message-formatter.js';
import type { ConsumedRecord } from '../../../src/format/record.js';

const rec = (o: Partial<ConsumedRecord> = {}): ConsumedRecord => ({
  topic: 't',
  partition: 2,
  offset: '42',
  timestamp: '1700000000000',
  timestampType: 'CreateTime',
  key: Buffer.from('k'),
  value: Buffer.from('v'),
  headers: [],
  ...o,
});
const fmt = (props: Record<string, string>, r = rec()) => formatRecord(r, formatterOptions(new Map(Object.entries(props)))).toString('utf8');

describe("Kafka's DefaultMessageFormatter", () => {
  it('prints only the value by default', () => {
    expect(fmt({})).toBe('v\n');
  });
  it('orders every field like Kafka and joins them with key.separator', () => {
    const all = { 'print.timestamp': 'true', 'print.partition': 'true', 'print.offset': 'true', 'print.headers': 'true', 'print.key': 'true' };
    expect(
      fmt(
        all,
        rec({
          headers: [
            { key: 'a', value: Buffer.from('1') },
            { key: 'b', value: null },
          ],
        }),
      ),
    ).toBe('CreateTime:1700000000000\tPartition:2\tOffset:42\ta:1,b:null\tk\tv\n');
    expect(fmt(all)).toBe('CreateTime:1700000000000\tPartition:2\tOffset:42\tNO_HEADERS\tk\tv\n');
  });
  it('ends with line.separator after the last printed field when the value is not printed', () => {
    expect(fmt({ 'print.key': 'true', 'print.value': 'false' })).toBe('k\n');
    expect(fmt({ 'print.timestamp': 'TRUE', 'print.value': 'no' })).toBe('CreateTime:1700000000000\n');
    expect(fmt({ 'print.value': 'false' })).toBe('');
  });
  it('prints null.literal for null keys, values and header values, and honours custom separators', () => {
    const o = { 'print.key': 'true', 'print.headers': 'true', 'key.separator': ' | ', 'line.separator': '#', 'headers.separator': ';', 'null.literal': 'NIL' };
    expect(
      fmt(
        o,
        rec({
          key: null,
          value: null,
          headers: [
            { key: 'h', value: null },
            { key: 'i', value: Buffer.from('x') },
          ],
        }),
      ),
    ).toBe('h:NIL;i:x | NIL | NIL#');
  });
  it('writes the raw bytes of keys and values', () => {
    const out = formatRecord(rec({ value: Buffer.from([0xff, 0x00, 0x80]) }), formatterOptions(new Map()));
    expect([...out]).toEqual([0xff, 0x00, 0x80, 0x0a]);
  });
  it('names LogAppendTime and missing timestamps like Kafka', () => {
    expect(fmt({ 'print.timestamp': 'true' }, rec({ timestampType: 'LogAppendTime' }))).toBe('LogAppendTime:1700000000000\tv\n');
    expect(fmt({ 'print.timestamp': 'true' }, rec({ timestampType: 'NoTimestampType', timestamp: '-1' }))).toBe('NO_TIMESTAMP\tv\n');
  });
});

describe('deserializers (key.deserializer / value.deserializer)', () => {
  it("prints numbers like Java's toString", () => {
    const long = Buffer.alloc(8);
    long.writeBigInt64BE(-42n);
    const dbl = Buffer.alloc(8);
    dbl.writeDoubleBE(1);
    const props = {
      'print.key': 'true',
      'key.deserializer': 'org.apache.kafka.common.serialization.StringDeserializer',
      'value.deserializer': 'org.apache.kafka.common.serialization.LongDeserializer',
    };
    expect(fmt(props, rec({ value: long }))).toBe('k\t-42\n');
    expect(fmt({ 'value.deserializer': 'DoubleDeserializer' }, rec({ value: dbl }))).toBe('1.0\n');
    expect(fmt({ 'value.deserializer': 'LongDeserializer' }, rec({ value: null }))).toBe('null\n');
    expect(() => fmt({ 'value.deserializer': 'LongDeserializer' }, rec({ value: Buffer.from('abc') }))).toThrow(
      'Size of data received by LongDeserializer is not 8',
    );
    expect(() => fmt({ 'value.deserializer': 'com.example.Avro' })).toThrow(/not supported/);
  });
  it('formats doubles like Java', async () => {
    const { javaFloatingToString } = await import('../../../src/format/message-formatter.js');
    expect([0.5, 3, 1e10, 1.5e-5, -0, 12345.678].map(javaFloatingToString)).toEqual(['0.5', '3.0', '1.0E10', '1.5E-5', '-0.0', '12345.678']);
  });
});
