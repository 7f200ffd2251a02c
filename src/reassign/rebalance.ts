/**
 * The plan of `cluster rebalance`: replicas spread evenly over the brokers with as few moves as
 * possible (unlike Kafka's --generate, which places every partition afresh). Per topic, a
 * replica moves from the broker holding most of the topic's replicas to the one holding fewest
 * until no two brokers differ by more than one; then the preferred leaders (first replicas)
 * are evened out the same way by reordering replicas, which moves no data. Ties go to the
 * broker with the fewest replicas (leaders) over all topics, then to the lower id, so the
 * plan is deterministic. Pure.
 */
import { type Assignment, compareTopicPartitions } from './plan-json.js';

export interface RebalancePlan {
  /** the new replicas of every partition whose replicas or their order change */
  changes: { topic: string; partition: number; from: number[]; to: number[] }[];
  /** replicas per broker before and after, over the topics planned */
  before: Map<number, { replicas: number; leaders: number }>;
  after: Map<number, { replicas: number; leaders: number }>;
  /** replicas that have to be copied to another broker */
  movedReplicas: number;
}

function tally(assignment: Assignment[], brokers: number[]): Map<number, { replicas: number; leaders: number }> {
  const t = new Map(brokers.map((b) => [b, { replicas: 0, leaders: 0 }]));
  for (const a of assignment)
    a.replicas.forEach((r, i) => {
      let x = t.get(r);
      if (!x) t.set(r, (x = { replicas: 0, leaders: 0 }));
      x.replicas++;
      if (i === 0) x.leaders++;
    });
  return t;
}

export function planRebalance(current: Assignment[], brokers: number[]): RebalancePlan {
  const sortedBrokers = [...brokers].sort((a, b) => a - b);
  const plan = current.map((a) => ({ topic: a.topic, partition: a.partition, from: a.replicas, to: [...a.replicas] })).sort(compareTopicPartitions);
  const global = tally(current, sortedBrokers);
  const topics = [...new Set(plan.map((p) => p.topic))].sort();
  let movedReplicas = 0;

  for (const topic of topics) {
    const parts = plan.filter((p) => p.topic === topic);
    const count = (b: number) => parts.reduce((n, p) => n + (p.to.includes(b) ? 1 : 0), 0);
    // replicas: move one at a time from the fullest broker to the emptiest
    for (let guard = 0; guard < 10_000; guard++) {
      const ranked = sortedBrokers.map((b) => ({ b, n: count(b), g: global.get(b)!.replicas }));
      const over = ranked.reduce((x, y) => (y.n > x.n || (y.n === x.n && (y.g > x.g || (y.g === x.g && y.b > x.b))) ? y : x));
      const under = ranked.reduce((x, y) => (y.n < x.n || (y.n === x.n && (y.g < x.g || (y.g === x.g && y.b < x.b))) ? y : x));
      if (over.n - under.n <= 1) break;
      // prefer a follower replica (no leader moves), then the lowest partition
      const candidates = parts.filter((p) => p.to.includes(over.b) && !p.to.includes(under.b));
      const pick = candidates.reduce((x, y) => (y.to.indexOf(over.b) > x.to.indexOf(over.b) ? y : x), candidates[0]!);
      pick.to[pick.to.indexOf(over.b)] = under.b;
      global.get(over.b)!.replicas--;
      global.get(under.b)!.replicas++;
      movedReplicas++;
    }
    // preferred leaders: swap a replica to the front where that evens out the leaders
    const leaders = (b: number) => parts.reduce((n, p) => n + (p.to[0] === b ? 1 : 0), 0);
    const globalLeaders = tally(
      plan.map((p) => ({ topic: p.topic, partition: p.partition, replicas: p.to })),
      sortedBrokers,
    );
    for (let guard = 0; guard < 10_000; guard++) {
      const ranked = sortedBrokers.map((b) => ({ b, n: leaders(b), g: globalLeaders.get(b)!.leaders }));
      const hi = ranked.reduce((x, y) => (y.n > x.n || (y.n === x.n && (y.g > x.g || (y.g === x.g && y.b > x.b))) ? y : x));
      const lows = [...ranked].sort((x, y) => x.n - y.n || x.g - y.g || x.b - y.b).filter((r) => hi.n - r.n > 1);
      let swapped = false;
      for (const lo of lows) {
        const p = parts.find((x) => x.to[0] === hi.b && x.to.includes(lo.b));
        if (!p) continue;
        const i = p.to.indexOf(lo.b);
        p.to[i] = hi.b;
        p.to[0] = lo.b;
        globalLeaders.get(hi.b)!.leaders--;
        globalLeaders.get(lo.b)!.leaders++;
        swapped = true;
        break;
      }
      if (!swapped) break;
    }
  }
  // then over all topics: a leader moves only inside a topic where it leaves that topic no worse off
  const all = tally(
    plan.map((p) => ({ topic: p.topic, partition: p.partition, replicas: p.to })),
    sortedBrokers,
  );
  const topicLeaders = (topic: string, b: number) => plan.reduce((n, p) => n + (p.topic === topic && p.to[0] === b ? 1 : 0), 0);
  for (let guard = 0; guard < 10_000; guard++) {
    const ranked = sortedBrokers.map((b) => ({ b, n: all.get(b)!.leaders }));
    const hi = ranked.reduce((x, y) => (y.n > x.n || (y.n === x.n && y.b > x.b) ? y : x));
    const lows = [...ranked].sort((x, y) => x.n - y.n || x.b - y.b).filter((r) => hi.n - r.n > 1);
    const swap = lows
      .map((lo) => ({ lo, p: plan.find((x) => x.to[0] === hi.b && x.to.includes(lo.b) && topicLeaders(x.topic, hi.b) > topicLeaders(x.topic, lo.b)) }))
      .find((x) => x.p !== undefined);
    if (!swap) break;
    const p = swap.p!;
    p.to[p.to.indexOf(swap.lo.b)] = hi.b;
    p.to[0] = swap.lo.b;
    all.get(hi.b)!.leaders--;
    all.get(swap.lo.b)!.leaders++;
  }
  const changes = plan.filter((p) => p.to.join(',') !== p.from.join(','));
  return {
    changes,
    before: tally(current, sortedBrokers),
    after: tally(
      plan.map((p) => ({ topic: p.topic, partition: p.partition, replicas: p.to })),
      sortedBrokers,
    ),
    movedReplicas,
  };
}
