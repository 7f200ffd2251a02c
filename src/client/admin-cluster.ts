/**
 * Cluster-level requests on a KafkaClient: the KRaft quorum (DescribeQuorum), feature flags
 * (read from ApiVersions v3, whose tagged fields carry them, and changed with UpdateFeatures)
 * and each broker's log directories (DescribeLogDirs), as Kafka's AdminClient sends them.
 */
import {
  createAPI,
  describeLogDirsV2,
  describeLogDirsV3,
  describeLogDirsV4,
  describeQuorumV2,
  type Reader,
  updateFeaturesV1,
  Writer,
} from '@platformatic/kafka';
import { BrokerError } from './errors.js';
import type { KafkaClient } from './kafka-client.js';

/** A Uuid as Kafka prints it: 22 characters of URL-safe base64 (AAAAAAAAAAAAAAAAAAAAAA for zero). */
export function uuidText(uuid: string): string {
  const hex = uuid.replace(/-/g, '');
  return /^[0-9a-f]{32}$/i.test(hex) ? Buffer.from(hex, 'hex').toString('base64url') : uuid;
}

export interface ReplicaState {
  replicaId: number;
  directoryId: string;
  logEndOffset: bigint;
  /** -1: unknown */
  lastFetchTimestamp: bigint;
  lastCaughtUpTimestamp: bigint;
}

export interface QuorumInfo {
  leaderId: number;
  leaderEpoch: number;
  highWatermark: bigint;
  voters: ReplicaState[];
  observers: ReplicaState[];
  /** endpoints of the voters by node id, as name://host:port */
  endpoints: Map<number, string[]>;
}

/** The metadata quorum (__cluster_metadata-0) as the controllers see it. */
export async function describeQuorum(c: KafkaClient): Promise<QuorumInfo> {
  const r = await c.call('any', [describeQuorumV2], [[{ topicName: '__cluster_metadata', partitions: [{ partitionIndex: 0 }] }]], { lenient: true });
  if (r.errorCode !== 0) throw new BrokerError(r.errorCode, r.errorMessage ?? null, '__cluster_metadata');
  const p = r.topics[0]?.partitions[0];
  if (!p) throw new BrokerError(-1, 'the response described no quorum partition', '__cluster_metadata');
  if (p.errorCode !== 0) throw new BrokerError(p.errorCode, p.errorMessage ?? null, '__cluster_metadata-0');
  const replica = (v: (typeof p.currentVoters)[number]): ReplicaState => ({
    replicaId: v.replicaId,
    directoryId: uuidText(v.replicaDirectoryId),
    logEndOffset: v.logEndOffset,
    lastFetchTimestamp: v.lastFetchTimestamp,
    lastCaughtUpTimestamp: v.lastCaughtUpTimestamp,
  });
  return {
    leaderId: p.leaderId,
    leaderEpoch: p.leaderEpoch,
    highWatermark: p.highWatermark,
    voters: p.currentVoters.map(replica),
    observers: p.observers.map(replica),
    endpoints: new Map(r.nodes.map((n) => [n.nodeId, n.listeners.map((l) => `${l.name}://${l.host.includes(':') ? `[${l.host}]` : l.host}:${l.port}`)])),
  };
}

export interface FeatureMetadata {
  supported: Map<string, { minVersion: number; maxVersion: number }>;
  finalized: Map<string, { minVersionLevel: number; maxVersionLevel: number }>;
  /** -1: none */
  finalizedEpoch: bigint;
}

/*
  ApiVersions v3/v4 with its tagged fields (KIP-584): 0 SupportedFeatures, 1 FinalizedFeaturesEpoch,
  2 FinalizedFeatures, 3 ZkMigrationReady. The library's own ApiVersions skips them.
*/
function parseApiVersionsFeatures(_correlationId: number, _apiKey: number, _apiVersion: number, reader: Reader): FeatureMetadata & { errorCode: number } {
  const errorCode = reader.readInt16();
  reader.readArray((r) => {
    r.readInt16();
    r.readInt16();
    r.readInt16();
  });
  reader.readInt32();
  const out: FeatureMetadata & { errorCode: number } = { errorCode, supported: new Map(), finalized: new Map(), finalizedEpoch: -1n };
  const fields = reader.readUnsignedVarInt();
  for (let i = 0; i < fields; i++) {
    const tag = reader.readUnsignedVarInt();
    const size = reader.readUnsignedVarInt();
    if (tag === 0) {
      reader.readArray((r) => out.supported.set(r.readString(), { minVersion: r.readInt16(), maxVersion: r.readInt16() }));
    } else if (tag === 1) {
      out.finalizedEpoch = reader.readInt64();
    } else if (tag === 2) {
      reader.readArray((r) => out.finalized.set(r.readString(), { maxVersionLevel: r.readInt16(), minVersionLevel: r.readInt16() }));
    } else reader.skip(size);
  }
  return out;
}

/* v4 has v3's schema; a broker lists features whose lowest version is 0 only from v4 on (KIP-1022) */
const apiVersionsWithFeatures = [3, 4].map((version) => ({
  api: createAPI<[], FeatureMetadata & { errorCode: number }>(
    18,
    version,
    () => Writer.create().appendString('kafka-lab').appendString('1').appendTaggedFields(),
    parseApiVersionsFeatures,
    true,
    false,
  ),
}));

/** The features a broker supports and the cluster's finalized levels (Kafka's describeFeatures). */
export async function describeFeatures(c: KafkaClient, target: number | 'any' = 'any'): Promise<FeatureMetadata> {
  const r = await c.call(target, apiVersionsWithFeatures, []);
  if (r.errorCode !== 0) throw new BrokerError(r.errorCode, null, 'features');
  return r;
}

/** Kafka's FeatureUpdate.UpgradeType codes. */
export const UpgradeType = { UPGRADE: 1, SAFE_DOWNGRADE: 2, UNSAFE_DOWNGRADE: 3 } as const;

export interface FeatureUpdateResult {
  feature: string;
  errorCode: number;
  errorMessage: string | null;
}

/** UpdateFeatures to the controller; level 0 disables a feature. Per-feature results, not thrown. */
export async function updateFeatures(
  c: KafkaClient,
  updates: { feature: string; level: number; upgradeType: number }[],
  validateOnly: boolean,
  timeoutMs: number,
): Promise<FeatureUpdateResult[]> {
  const r = await c.call(
    'controller',
    [updateFeaturesV1],
    [timeoutMs, updates.map((u) => ({ feature: u.feature, maxVersionLevel: u.level, upgradeType: u.upgradeType })), validateOnly],
    { lenient: true },
  );
  // a top-level error applies to every feature
  if (r.errorCode !== 0) return updates.map((u) => ({ feature: u.feature, errorCode: r.errorCode, errorMessage: r.errorMessage ?? null }));
  return updates.map((u) => {
    const x = r.results.find((y) => y.feature === u.feature);
    return { feature: u.feature, errorCode: x?.errorCode ?? 0, errorMessage: x?.errorMessage ?? null };
  });
}

export interface LogDirInfo {
  logDir: string;
  errorCode: number;
  partitions: { topic: string; partition: number; size: bigint; offsetLag: bigint; isFuture: boolean }[];
  totalBytes: bigint;
  usableBytes: bigint;
}

/** One broker's log directories and the replicas in each (topics null: every topic). */
export async function describeLogDirs(c: KafkaClient, broker: number, topics: { topic: string; partitions: number[] }[] | null = null): Promise<LogDirInfo[]> {
  const r = await c.call(
    broker,
    [describeLogDirsV2, describeLogDirsV3, describeLogDirsV4],
    [topics === null ? (null as never) : topics.map((t) => ({ name: t.topic, partitions: t.partitions }))],
    { lenient: true },
  );
  if (r.errorCode) throw new BrokerError(r.errorCode, null, `broker ${broker}`);
  return r.results.map((d) => ({
    logDir: d.logDir,
    errorCode: d.errorCode,
    partitions: d.topics.flatMap((t) =>
      t.partitions.map((p) => ({ topic: t.name, partition: p.partitionIndex, size: p.partitionSize, offsetLag: p.offsetLag, isFuture: p.isFutureKey })),
    ),
    totalBytes: d.totalBytes ?? -1n,
    usableBytes: d.usableBytes ?? -1n,
  }));
}
