/**
 * Partition assignors that speak the Java consumer's protocol names (`range`, `roundrobin`),
 * so a kafka-lab consumer and Java consumers can share a group (kafkajs only ships
 * "RoundRobinAssigner", a name no Java member offers). The algorithms are Java's:
 * RangeAssignor per topic over members sorted by id; RoundRobinAssignor over all
 * topic-partitions sorted by topic and partition. Plus a fixed assignor for the throw-away
 * groups of a consumer without --group: it claims exactly the requested partitions.
 */
import type { Assigner, GroupMember, PartitionAssigner } from 'kafkajs';

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

type KafkajsModule = typeof import('kafkajs');

function javaCompatible(kafkajs: KafkajsModule, name: string, algorithm: typeof rangeAssign): PartitionAssigner {
  const { AssignerProtocol } = kafkajs;
  return ({ cluster }) => {
    const assigner: Assigner = {
      name,
      version: 0,
      async assign({ members, topics }: { members: GroupMember[]; topics: string[] }) {
        const subs = members.map((m) => ({ memberId: m.memberId, topics: AssignerProtocol.MemberMetadata.decode(m.memberMetadata)?.topics ?? [] }));
        const counts = new Map<string, number>();
        for (const t of topics) counts.set(t, cluster.findTopicPartitionMetadata(t).length);
        const result = algorithm(subs, counts);
        return members.map((m) => ({
          memberId: m.memberId,
          memberAssignment: AssignerProtocol.MemberAssignment.encode({
            version: 0,
            assignment: Object.fromEntries(result.get(m.memberId) ?? new Map()),
            userData: Buffer.alloc(0),
          }),
        }));
      },
      protocol({ topics }: { topics: string[] }) {
        return { name, metadata: AssignerProtocol.MemberMetadata.encode({ version: 0, topics, userData: Buffer.alloc(0) }) };
      },
    };
    return assigner;
  };
}

export function javaAssigners(kafkajs: KafkajsModule): PartitionAssigner[] {
  return [javaCompatible(kafkajs, 'range', rangeAssign), javaCompatible(kafkajs, 'roundrobin', roundRobinAssign)];
}

/** For a group of one: every member gets exactly `wanted` (topic -> partitions). */
export function fixedAssigner(kafkajs: KafkajsModule, wanted: Map<string, number[]>): PartitionAssigner {
  const { AssignerProtocol } = kafkajs;
  return () => ({
    name: 'kafka-lab-fixed',
    version: 0,
    async assign({ members }) {
      return members.map((m) => ({
        memberId: m.memberId,
        memberAssignment: AssignerProtocol.MemberAssignment.encode({ version: 0, assignment: Object.fromEntries(wanted), userData: Buffer.alloc(0) }),
      }));
    },
    protocol({ topics }) {
      return { name: 'kafka-lab-fixed', metadata: AssignerProtocol.MemberMetadata.encode({ version: 0, topics, userData: Buffer.alloc(0) }) };
    },
  });
}
