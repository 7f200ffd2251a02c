import { describe, expect, it } from 'vitest';
import { rangeAssign, roundRobinAssign, type Assignment } from '../../../src/consume/assignors.js';

const plain = (a: Assignment) => Object.fromEntries([...a].map(([m, t]) => [m, Object.fromEntries(t)]));

describe("Java's assignors", () => {
  it('range: contiguous ranges per topic, extra partitions to the first members by id', () => {
    const a = rangeAssign(
      [
        { memberId: 'b', topics: ['t'] },
        { memberId: 'a', topics: ['t'] },
      ],
      new Map([['t', 5]]),
    );
    expect(plain(a)).toEqual({ a: { t: [0, 1, 2] }, b: { t: [3, 4] } });
  });
  it('roundrobin: over all topic-partitions sorted, skipping members not subscribed', () => {
    const a = roundRobinAssign(
      [
        { memberId: 'm1', topics: ['x', 'y'] },
        { memberId: 'm2', topics: ['y'] },
      ],
      new Map([
        ['y', 3],
        ['x', 2],
      ]),
    );
    expect(plain(a)).toEqual({ m1: { x: [0, 1], y: [1] }, m2: { y: [0, 2] } });
  });
});
