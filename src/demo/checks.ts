/**
 * The demo's own verification, independent of the commands it shows: it asks the cluster
 * directly (kafkajs admin) whether what the narration claims really holds.
 */
import type { Admin } from 'kafkajs';
import { createKafka } from '../client/connection.js';
import { waitForGroupCoordinator } from '../client/coordinator.js';
import { fetchClusterInfo, type PartitionInfo } from '../cluster/status.js';

export async function withAdmin<T>(bootstrap: string, fn: (admin: Admin) => Promise<T>): Promise<T> {
  const { kafka } = await createKafka({ bootstrapServer: bootstrap, timeout: 10_000 });
  const admin = kafka.admin({ retry: { retries: 3, initialRetryTime: 200, maxRetryTime: 1000 } });
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

export async function topicPartitions(bootstrap: string, topic: string): Promise<PartitionInfo[]> {
  const { kafka } = await createKafka({ bootstrapServer: bootstrap, timeout: 10_000 });
  const info = await fetchClusterInfo(kafka, { topics: [topic] });
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
  return withAdmin(bootstrap, async (admin) => {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((n, o) => n + (Number(o.high) - Number(o.low)), 0);
  });
}

/** Total lag of a group on a topic: log end minus committed offset, per partition. */
export async function groupLag(bootstrap: string, group: string, topic: string): Promise<number> {
  return withAdmin(bootstrap, async (admin) => {
    const ends = await admin.fetchTopicOffsets(topic);
    const committed = await admin.fetchOffsets({ groupId: group, topics: [topic] });
    const byPartition = new Map((committed[0]?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]));
    return ends.reduce((lag, e) => {
      const c = byPartition.get(e.partition) ?? -1;
      return lag + (Number(e.high) - (c >= 0 ? c : Number(e.low)));
    }, 0);
  });
}

export function describePartitions(ps: PartitionInfo[]): string[] {
  return ps.map((p) => `partition ${p.partition}: leader ${p.leader}, replicas ${p.replicas.join(',')}, isr ${p.isr.join(',')}`);
}

/**
 * The first group on a new cluster creates __consumer_offsets: wait until the coordinator
 * answers and every offsets partition has a leader.
 */
export async function waitForOffsetsTopic(bootstrap: string, groups: string[], timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  if (!(await withAdmin(bootstrap, (admin) => waitForGroupCoordinator(admin, groups, timeoutMs)))) return false;
  const offsets = await waitForPartitions(
    bootstrap,
    '__consumer_offsets',
    (ps) => ps.length > 0 && ps.every((p) => p.leader >= 0),
    Math.max(0, end - Date.now()),
  );
  return offsets.ok;
}
