/**
 * Consumer lag of sink connectors: committed offsets of each `connect-<name>` group against
 * the end offsets of the partitions it committed. The one place where connect top talks to
 * the brokers, through kafka-lab's admin module (src/admin/groups.ts), so that the Kafka
 * client behind it can change without touching Connect code.
 */
import type { ConnectionArgs } from '../client/connection.js';

export interface GroupLag {
  group: string;
  /** sum over partitions of end offset − committed offset */
  total: number;
  partitions: { topic: string; partition: number; committed: number; end: number; lag: number }[];
}

/** The consumer group of a sink connector: consumer.override.group.id, else connect-<name>. */
export function sinkGroupId(name: string, config: Record<string, string> | undefined): string {
  return config?.['consumer.override.group.id'] ?? `connect-${name}`;
}

/** Lag per group; a group with no committed offset yet has no entry. */
export async function sinkLag(conn: ConnectionArgs, groups: string[]): Promise<Map<string, GroupLag>> {
  const result = new Map<string, GroupLag>();
  if (groups.length === 0) return result;
  const { openGroupsSession, committedOffsets, logOffsets } = await import('../admin/groups.js');
  const s = await openGroupsSession(conn);
  try {
    for (const group of groups) {
      const committed = await committedOffsets(s, group);
      if (committed.length === 0) continue;
      const ends = await logOffsets(
        s,
        committed.map((c) => c.topic),
      );
      const partitions = committed.map((c) => {
        const end = ends.get(`${c.topic}\0${c.partition}`)?.high ?? c.offset;
        return { topic: c.topic, partition: c.partition, committed: c.offset, end, lag: Math.max(0, end - c.offset) };
      });
      result.set(group, { group, total: partitions.reduce((n, p) => n + p.lag, 0), partitions });
    }
  } finally {
    await s.close();
  }
  return result;
}
