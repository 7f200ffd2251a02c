import { describe, expect, it } from 'vitest';
import { compileFormat, FormatParser, renderFormat, FormatStringError } from '../../../src/format/format-string.js';
import type { ConsumedRecord } from '../../../src/format/record.js';

const r: ConsumedRecord = {
  topic: 'orders',
  partition: 3,
  offset: '9',
  timestamp: '1700000000000',
  timestampType: 'CreateTime',
  key: Buffer.from('k1'),
  value: Buffer.from('hello'),
  headers: [
    { key: 'a', value: Buffer.from('1') },
    { key: 'b', value: Buffer.from('2') },
  ],
};

describe('kcat format strings', () => {
  it('renders every output token', () => {
    const out = renderFormat(compileFormat('%t|%p|%o|%T|%k|%K|%s|%v|%S|%h|%H|%%\\t\\x41\\n'), r).toString();
    expect(out).toBe('orders|3|9|1700000000000|k1|2|hello|hello|5|a=1,b=2|2|%\tA\n');
  });
  it('prints null as empty and -1 lengths; %R is a big-endian int32', () => {
    const n = { ...r, key: null, value: null };
    expect(renderFormat(compileFormat('[%k][%K][%s][%S]'), n).toString()).toBe('[][-1][][-1]');
    expect([...renderFormat(compileFormat('%R'), r)]).toEqual([0, 0, 0, 5]);
  });
  it('rejects unknown tokens', () => {
    expect(() => compileFormat('%q')).toThrow(FormatStringError);
  });
  it('parses input in chunks, across chunk boundaries', () => {
    const p = new FormatParser('%k=%s;%h\\n');
    const got = [...p.push(Buffer.from('a=1;x=y,z=w\nb=')), ...p.push(Buffer.from('2;\nc=3;')), ...p.end()];
    expect(got.map((x) => [x.key?.toString(), x.value?.toString(), x.headers.map((h) => `${h.key}:${h.value}`).join('|')])).toEqual([
      ['a', '1', 'x:y|z:w'],
      ['b', '2', ''],
      ['c', '3', ''],
    ]);
  });
  it('reads partition, timestamp and topic fields', () => {
    const p = new FormatParser('%t %p %T %s\\n');
    const [x] = p.push(Buffer.from('tt 2 1700 v v\n'));
    expect(x).toMatchObject({ topic: 'tt', partition: 2, timestamp: '1700' });
    expect(x!.value!.toString()).toBe('v v');
    expect(() => new FormatParser('%k%s')).toThrow(/literal text between/);
    expect(() => new FormatParser('%p x\\n').push(Buffer.from('zz x\n'))).toThrow(/not a number/);
  });
});
