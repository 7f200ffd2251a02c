/**
 * kafkajs 2.2.4 groups a send's messages by partition with
 * `Object.assign(result, { [p]: [...current, message] })`: it copies the partition's array for
 * every message, so a batch of n records costs O(n²). Profiling producer-perf-test with
 * 2,600-record batches showed ~19% of CPU there and a large share of the 20% in GC (see
 * bench/README.md). Before kafkajs is first loaded we put a linear version of that one
 * internal module into the CommonJS cache; it returns the same { partition: messages[] } map.
 */
import { join } from 'node:path';
import { kafkajsRoot, putInCache, requireCjs } from '../client/kafkajs-cache.js';

let active = false;

type Partitioner = (a: { topic: string; partitionMetadata: unknown[]; message: unknown }) => number;

export function linearGroupMessagesPerPartition({
  topic,
  partitionMetadata,
  messages,
  partitioner,
}: {
  topic: string;
  partitionMetadata: unknown[];
  messages: unknown[];
  partitioner: Partitioner;
}): Record<number, unknown[]> {
  const result: Record<number, unknown[]> = {};
  if (partitionMetadata.length === 0) return result;
  for (const message of messages) {
    const partition = partitioner({ topic, partitionMetadata, message });
    (result[partition] ??= []).push(message);
  }
  return result;
}

/** Installs the linear grouping; a no-op (returns false) when kafkajs was already loaded. */
export function useLinearMessageGrouping(): boolean {
  if (active) return true;
  const root = kafkajsRoot();
  const path = join(root, 'producer', 'groupMessagesPerPartition.js');
  if (requireCjs.cache[path]) return false;
  putInCache(path, linearGroupMessagesPerPartition);
  active = true;
  return true;
}
