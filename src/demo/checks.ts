/**
 * The demo's own verification, independent of the commands it shows: it asks the cluster
 * directly (kafka-lab's client) whether what the narration claims really holds.
 */
import { fetchCommittedOffsets, watermarks } from '../client/admin.js';
import { openClient } from '../client/connection.js';
import type { KafkaClient } from '../client/kafka-client.js';
import { fetchClusterInfo, type PartitionInfo } from '../cluster/status.js';

export async function withClient<T>(bootstrap: string, fn: (client: KafkaClient) => Promise<T>): Promise<T> {
  const client = await openClient({ bootstrapServer: bootstrap, timeout: 10_000 });
  try {
    return await fn(client);
  } finally {
    await client.close();
  }
}

export async function topicPartitions(bootstrap: string, topic: string): Promise<PartitionInfo[]> {
  const info = await withClient(bootstrap, (c) => fetchClusterInfo(c, { topics: [topic] }));
  return info.topics[0]?.partitions ?? [];
}

/** Polls until the predicate holds on the topic's partitions; returns the last state and whether it held. */
export async function waitForPartitions(
  bootstrap: string,
  topic: string,
  predicate: (ps: PartitionInfo[]) => boolean,
  timeoutMs: number,
): Promise<{ ok: boolean; partitions: PartitionInfo[] }> {
  const end = Date.now() + timeoutMs;
  let last: PartitionInfo[] = [];
  for (;;) {
    try {
      last = await topicPartitions(bootstrap, topic);
      if (predicate(last)) return { ok: true, partitions: last };
    } catch {
      /* a broker is restarting: ask again */
    }
    if (Date.now() >= end) return { ok: false, partitions: last };
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Sum of the latest offsets of every partition (records written when nothing was deleted). */
export async function totalRecords(bootstrap: string, topic: string): Promise<number> {
  return withClient(bootstrap, async (c) => {
    const marks = await watermarks(c, [topic]);
    let n = 0;
    for (const w of marks.values()) n += Number(w.high - w.low);
    return n;
  });
}

/** Total lag of a group on a topic: log end minus committed offset, per partition. */
export async function groupLag(bootstrap: string, group: string, topic: string): Promise<number> {
  return withClient(bootstrap, async (c) => {
    const marks = await watermarks(c, [topic]);
    const committed = await fetchCommittedOffsets(c, group);
    const byPartition = new Map(committed.filter((x) => x.topic === topic).map((x) => [x.partition, Number(x.offset)]));
    let lag = 0;
    for (const [k, w] of marks) {
      const c2 = byPartition.get(Number(k.split('\u0000')[1])) ?? -1;
      lag += Number(w.high) - (c2 >= 0 ? c2 : Number(w.low));
    }
    return lag;
  });
}

export function describePartitions(ps: PartitionInfo[]): string[] {
  return ps.map((p) => `partition ${p.partition}: leader ${p.leader}, replicas ${p.replicas.join(',')}, isr ${p.isr.join(',')}`);
}
