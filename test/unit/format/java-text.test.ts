import { describe, expect, it } from 'vitest';
import { javaDouble, javaStringMapHash } from '../../../src/format/java-text.js';
import { javaHashMapOrder, javaStringHash } from '../../../src/util/java-hash.js';

describe('Java text', () => {
  it('Double.toString', () => {
    expect(javaDouble(1024)).toBe('1024.0');
    expect(javaDouble(50.5)).toBe('50.5');
    expect(javaDouble(10485760)).toBe('1.048576E7');
    expect(javaDouble(1e7)).toBe('1.0E7');
    expect(javaDouble(9999999)).toBe('9999999.0');
    expect(javaDouble(0.001)).toBe('0.001');
    expect(javaDouble(0.0001)).toBe('1.0E-4');
    expect(javaDouble(0)).toBe('0.0');
    expect(javaDouble(-2.5)).toBe('-2.5');
  });

  it('HashMap iteration order: buckets by spread hash, capacity from the constructor and its resizes', () => {
    // Integer keys hash to themselves: 16 buckets keep 1..15 in order; 17 lands in bucket 1
    expect(javaHashMapOrder([3, 17, 1, 2], (x) => x)).toEqual([17, 1, 2, 3]);
    expect(javaHashMapOrder([3, 17, 1, 2], (x) => x, 64)).toEqual([1, 2, 3, 17]);
    // new HashMap<>(3): capacity 4, still 4 after 3 puts (threshold 3); 4 and 0 share bucket 0
    expect(javaHashMapOrder([1, 2, 3], (x) => x, 3)).toEqual([1, 2, 3]);
    // new HashMap<>(2): capacity 4 after the second put; 5 and 1 share bucket 1, in insertion order
    expect(javaHashMapOrder([5, 1], (x) => x, 2)).toEqual([5, 1]);
    // new HashMap<>(1): capacity 1, 2 at the first put, 4 at the second
    expect(javaHashMapOrder([3, 1], (x) => x, 1)).toEqual([1, 3]);
  });

  it('Map.hashCode of string maps', () => {
    expect(javaStringMapHash([['user', null]])).toBe(javaStringHash('user'));
    expect(javaStringMapHash([['a', 'b']])).toBe(javaStringHash('a') ^ javaStringHash('b'));
  });
});
