import { describe, expect, it } from 'vitest';
import { parseOffsetJson, parseTime, partitionSetMatcher } from '../../../src/admin/offsets.js';

describe('get-offsets / delete-records parsing', () => {
  it('reads partition lists and ranges', () => {
    const m = partitionSetMatcher('0,2,5-7,9-');
    expect([0, 1, 2, 3, 5, 6, 7, 8, 9, 100].filter(m)).toEqual([0, 2, 5, 6, 7, 9, 100]);
    expect(() => partitionSetMatcher('a')).toThrow("Invalid partition range 'a'");
  });
  it('reads --time', () => {
    expect(parseTime('-1')).toBe('latest');
    expect(parseTime('earliest')).toBe('earliest');
    expect(parseTime('1700000000000')).toBe(1700000000000);
    expect(() => parseTime('soon')).toThrow('Malformed time argument soon');
  });
  it("reads Kafka's offset JSON and refuses duplicates", () => {
    expect(parseOffsetJson('{"partitions":[{"topic":"t","partition":0,"offset":3}],"version":1}', 'f')).toEqual([{ topic: 't', partition: 0, offset: 3 }]);
    expect(() => parseOffsetJson('{"partitions":[{"topic":"t","partition":0,"offset":3},{"topic":"t","partition":0,"offset":4}]}', 'f')).toThrow(
      'Offset json file contains duplicate topic partitions: t-0',
    );
    expect(() => parseOffsetJson('{', 'f')).toThrow('f is not valid JSON');
  });
});
