/**
 * Kafka 4's --generate placement (StripedReplicaPlacer) and java.util.Random, against what a
 * JVM printed: StripedReplicaPlacer of Kafka 4.1.2 with new Random(seed), Java 17.
 */
import { describe, expect, it } from 'vitest';
import { stripedPlacement } from '../../../src/reassign/striped.js';
import { JavaRandom } from '../../../src/util/java-random.js';

const text = (m: Map<number, number[]>) =>
  [...m]
    .sort((a, b) => a[0] - b[0])
    .map(([, r]) => `[${r.join(',')}]`)
    .join(' ');

describe('java.util.Random', () => {
  it('draws what new Random(0).nextInt(26) draws', () => {
    const r = new JavaRandom(0);
    expect(Array.from({ length: 12 }, () => r.nextInt(26))).toEqual([18, 18, 23, 21, 13, 9, 7, 15, 3, 16, 3, 23]);
  });
});

describe("StripedReplicaPlacer (Kafka 4's --generate)", () => {
  const cases: [number, number[], string[] | null, number, number, string][] = [
    [1, [1, 2, 3], null, 7, 3, '[1,2,3] [2,3,1] [3,1,2] [3,1,2] [1,2,3] [2,3,1] [1,3,2]'],
    [42, [1, 2, 3, 4], null, 10, 2, '[3,4] [4,1] [1,2] [2,3] [4,3] [3,2] [2,1] [1,4] [4,3] [3,2]'],
    [7, [3, 1, 2], null, 4, 2, '[2,3] [3,1] [1,2] [3,1]'],
    [5, [1, 2, 3, 4, 5, 6], ['a', 'a', 'b', 'b', 'c', 'c'], 8, 3, '[5,2,3] [1,4,6] [3,5,2] [6,1,4] [2,3,5] [4,6,1] [1,6,3] [5,4,2]'],
    [9, [1, 2, 3, 4], ['r2', 'r1', 'r2', 'r1'], 6, 2, '[3,2] [4,1] [3,2] [4,1] [3,2] [4,1]'],
  ];
  for (const [seed, ids, racks, n, rf, expected] of cases) {
    it(`seed ${seed}, brokers ${ids.join(',')}${racks ? ` in racks ${racks.join(',')}` : ''}, ${n} partitions, rf ${rf}`, () => {
      const random = new JavaRandom(seed);
      const brokers = ids.map((id, i) => ({ id, rack: racks ? racks[i] : null }));
      expect(text(stripedPlacement(brokers, n, rf, (b) => random.nextInt(b)))).toBe(expected);
    });
  }
  it("refuses with Kafka's message", () => {
    expect(() => stripedPlacement([{ id: 1 }], 1, 2)).toThrow('The target replication factor of 2 cannot be reached because only 1 broker(s) are registered.');
  });
});
