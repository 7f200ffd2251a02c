/**
 * Partition assignors under the Java consumer's protocol names (`range`, `roundrobin`), so a
 * kafka-lab consumer and Java consumers can share a group. The algorithms are Java's:
 * RangeAssignor per topic over members sorted by id; RoundRobinAssignor over all
 * topic-partitions sorted by topic and partition. The member and assignment bytes are
 * Java's ConsumerProtocol (src/consume/consumer-protocol.ts).
 */

export interface Subscription {
  memberId: string;
  topics: string[];
}

export type Assignment = Map<string, Map<string, number[]>>; // member -> topic -> partitions

function put(a: Assignment, member: string, topic: string, partition: number): void {
  let t = a.get(member);
  if (!t) a.set(member, (t = new Map()));
  let list = t.get(topic);
  if (!list) t.set(topic, (list = []));
  list.push(partition);
}

export function rangeAssign(members: Subscription[], partitionCounts: Map<string, number>): Assignment {
  const a: Assignment = new Map(members.map((m) => [m.memberId, new Map()]));
  for (const [topic, count] of [...partitionCounts].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))) {
    const consumers = members
      .filter((m) => m.topics.includes(topic))
      .map((m) => m.memberId)
      .sort();
    if (consumers.length === 0) continue;
    const per = Math.floor(count / consumers.length);
    const extra = count % consumers.length;
    consumers.forEach((c, i) => {
      const start = per * i + Math.min(i, extra);
      const len = per + (i + 1 > extra ? 0 : 1);
      for (let p = start; p < start + len; p++) put(a, c, topic, p);
    });
  }
  return a;
}

export function roundRobinAssign(members: Subscription[], partitionCounts: Map<string, number>): Assignment {
  const a: Assignment = new Map(members.map((m) => [m.memberId, new Map()]));
  const sorted = [...members].sort((x, y) => (x.memberId < y.memberId ? -1 : x.memberId > y.memberId ? 1 : 0));
  let next = 0;
  const topics = [...partitionCounts.keys()].sort();
  for (const topic of topics) {
    for (let p = 0; p < partitionCounts.get(topic)!; p++) {
      // like Java's CircularIterator: skip members not subscribed to this topic
      for (let tries = 0; tries < sorted.length; tries++) {
        const m = sorted[next % sorted.length]!;
        next++;
        if (m.topics.includes(topic)) {
          put(a, m.memberId, topic, p);
          break;
        }
      }
    }
  }
  return a;
}

export const ASSIGNORS: Record<string, (members: Subscription[], partitionCounts: Map<string, number>) => Assignment> = {
  range: rangeAssign,
  roundrobin: roundRobinAssign,
};
