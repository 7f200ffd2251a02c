/**
 * The text of Kafka's kafka-metadata-quorum (MetadataQuorumCommand) and kafka-features
 * (FeatureCommand), as pure functions of what the brokers answered. Kafka 3.9 and 4.x differ in
 * one place (a voter's directoryId); the text follows the release the brokers run, as the
 * scripts of that release would print it.
 */
import type { FeatureMetadata, QuorumInfo, ReplicaState } from '../client/admin-cluster.js';
import { UsageError } from '../errors.js';

/** metadata.version feature levels and their names (Kafka's MetadataVersion, 3.0-IV1 .. 4.2-IV1). */
export const METADATA_VERSIONS: readonly [number, string][] = [
  [1, '3.0-IV1'],
  [2, '3.1-IV0'],
  [3, '3.2-IV0'],
  [4, '3.3-IV0'],
  [5, '3.3-IV1'],
  [6, '3.3-IV2'],
  [7, '3.3-IV3'],
  [8, '3.4-IV0'],
  [9, '3.5-IV0'],
  [10, '3.5-IV1'],
  [11, '3.5-IV2'],
  [12, '3.6-IV0'],
  [13, '3.6-IV1'],
  [14, '3.6-IV2'],
  [15, '3.7-IV0'],
  [16, '3.7-IV1'],
  [17, '3.7-IV2'],
  [18, '3.7-IV3'],
  [19, '3.7-IV4'],
  [20, '3.8-IV0'],
  [21, '3.9-IV0'],
  [22, '4.0-IV0'],
  [23, '4.0-IV1'],
  [24, '4.0-IV2'],
  [25, '4.0-IV3'],
  [26, '4.1-IV0'],
  [27, '4.1-IV1'],
  [28, '4.2-IV0'],
  [29, '4.2-IV1'],
];

export const METADATA_VERSION_FEATURE = 'metadata.version';
/** 4.1-IV1, the newest production metadata.version of the newest engine kafka-lab installs (4.1) */
export const LATEST_PRODUCTION_METADATA_LEVEL = 27;

export function metadataVersionName(level: number): string {
  return METADATA_VERSIONS.find(([l]) => l === level)?.[1] ?? `UNKNOWN ${level}`;
}

/** A --metadata value: a full name (3.9-IV0) or a release (3.9: its last IV), as MetadataVersion.fromVersionString. */
export function metadataVersionLevel(text: string): number | undefined {
  const exact = METADATA_VERSIONS.find(([, n]) => n === text);
  if (exact) return exact[0];
  const ofRelease = METADATA_VERSIONS.filter(([, n]) => n.startsWith(`${text}-IV`));
  return ofRelease.length > 0 ? ofRelease[ofRelease.length - 1]![0] : undefined;
}

/** Kafka's levelToString: metadata.version levels by name, other features as numbers. */
export function levelText(feature: string, level: number): string {
  return feature === METADATA_VERSION_FEATURE ? metadataVersionName(level) : String(level);
}

/**
 * The major release of the brokers' software, told from the highest metadata.version they
 * support: 4.0 supports up to 4.0-IV3 (level 25); 3.9 at most 4.0-IV1 (23, unstable).
 */
export function brokerMajor(features: FeatureMetadata): 3 | 4 {
  return (features.supported.get(METADATA_VERSION_FEATURE)?.maxVersion ?? 0) >= 24 ? 4 : 3;
}

/** `Feature: x\tSupportedMinVersion: ...` lines, features sorted by name (FeatureCommand describe). */
export function featuresText(f: FeatureMetadata): string {
  return [...f.supported.keys()]
    .sort()
    .map((name) => {
      const range = f.supported.get(name)!;
      const finalized = f.finalized.get(name)?.maxVersionLevel ?? 0;
      return `Feature: ${name}\tSupportedMinVersion: ${levelText(name, range.minVersion)}\tSupportedMaxVersion: ${levelText(name, range.maxVersion)}\tFinalizedVersionLevel: ${levelText(name, finalized)}\tEpoch: ${f.finalizedEpoch >= 0n ? String(f.finalizedEpoch) : '-'}\n`;
    })
    .join('');
}

export function featuresJson(f: FeatureMetadata) {
  return {
    finalizedEpoch: f.finalizedEpoch >= 0n ? Number(f.finalizedEpoch) : null,
    features: [...f.supported.keys()].sort().map((name) => {
      const range = f.supported.get(name)!;
      const finalized = f.finalized.get(name)?.maxVersionLevel ?? 0;
      return {
        feature: name,
        supportedMinVersion: range.minVersion,
        supportedMaxVersion: range.maxVersion,
        finalizedVersionLevel: finalized,
        ...(name === METADATA_VERSION_FEATURE ? { finalizedVersion: metadataVersionName(finalized) } : {}),
      };
    }),
  };
}

/** One --feature name=level of upgrade/downgrade/disable (Kafka's parseNameAndLevel). */
export function parseFeatureLevel(text: string, disable = false): { feature: string; level: number } {
  if (disable) {
    if (!text.trim() || text.includes('='))
      throw new UsageError(`disable takes feature names, got '${text}'`, 'Example: kafka-lab features disable --feature group.version');
    return { feature: text.trim(), level: 0 };
  }
  const i = text.indexOf('=');
  if (i < 0) throw new UsageError(`Can't parse feature=level string ${text}: equals sign not found.`, 'Example: --feature group.version=1');
  const levelText = text.slice(i + 1).trim();
  const level = Number(levelText);
  if (!/^-?\d+$/.test(levelText) || level < -32768 || level > 32767)
    throw new UsageError(`Can't parse feature=level string ${text}: unable to parse ${levelText} as a short.`, 'Example: --feature group.version=1');
  return { feature: text.slice(0, i).trim(), level };
}

/** FeatureCommand's line per feature after an update, and whether it failed. */
export function featureUpdateLine(op: 'upgrade' | 'downgrade' | 'disable', feature: string, level: number, dryRun: boolean, error: string | null): string {
  if (error !== null) {
    const what = op === 'disable' ? `disable ${feature}` : `${op} ${feature} to ${level}`;
    return `${dryRun ? 'Can not ' : 'Could not '}${what}. ${error}`;
  }
  return `${feature}${dryRun ? ' can be ' : ' was '}${op === 'disable' ? 'disabled.' : `${op}d to ${level}.`}`;
}

// ---------------------------------------------------------------- metadata quorum

function voterNode(q: QuorumInfo, r: ReplicaState, major: 3 | 4): string {
  const zero = r.directoryId === 'AAAAAAAAAAAAAAAAAAAAAA';
  const endpoints = q.endpoints.get(r.replicaId) ?? [];
  let s = `{"id": ${r.replicaId}`;
  if (major === 3) s += `, "directoryId": ${zero ? 'null' : `"${r.directoryId}"`}`;
  else if (!zero) s += `, "directoryId": "${r.directoryId}"`;
  if (endpoints.length > 0) s += `, "endpoints": [${endpoints.map((e) => `"${e}"`).join(', ')}]`;
  return `${s}}`;
}

export interface QuorumStatus {
  clusterId: string;
  leaderId: number;
  leaderEpoch: number;
  highWatermark: bigint;
  maxFollowerLag: bigint;
  maxFollowerLagTimeMs: bigint;
}

/** MetadataQuorumCommand's lag figures: the voter furthest behind the leader (the first such one). */
export function quorumStatus(clusterId: string, q: QuorumInfo): QuorumStatus {
  const leader = q.voters.find((v) => v.replicaId === q.leaderId);
  if (!leader)
    throw new UsageError(`the quorum has no leader among its voters (leader id ${q.leaderId})`, 'An election may be under way; try again in a few seconds.');
  const behind = q.voters.reduce((a, b) => (b.logEndOffset < a.logEndOffset ? b : a));
  let lagTime: bigint;
  if (behind === leader) lagTime = 0n;
  else if (leader.lastCaughtUpTimestamp >= 0n && behind.lastCaughtUpTimestamp >= 0n) lagTime = leader.lastCaughtUpTimestamp - behind.lastCaughtUpTimestamp;
  else lagTime = -1n;
  return {
    clusterId,
    leaderId: q.leaderId,
    leaderEpoch: q.leaderEpoch,
    highWatermark: q.highWatermark,
    maxFollowerLag: leader.logEndOffset - behind.logEndOffset,
    maxFollowerLagTimeMs: lagTime,
  };
}

export function statusText(clusterId: string, q: QuorumInfo, major: 3 | 4): string {
  const s = quorumStatus(clusterId, q);
  return [
    `ClusterId:              ${s.clusterId}`,
    `LeaderId:               ${s.leaderId}`,
    `LeaderEpoch:            ${s.leaderEpoch}`,
    `HighWatermark:          ${s.highWatermark}`,
    `MaxFollowerLag:         ${s.maxFollowerLag}`,
    `MaxFollowerLagTimeMs:   ${s.maxFollowerLagTimeMs}`,
    `CurrentVoters:          [${q.voters.map((v) => voterNode(q, v, major)).join(', ')}]`,
    `CurrentObservers:       [${q.observers.map((v) => voterNode(q, v, major)).join(', ')}]`,
  ]
    .map((l) => `${l}\n`)
    .join('');
}

export interface ReplicationRow {
  nodeId: number;
  directoryId: string;
  logEndOffset: bigint;
  lag: bigint;
  lastFetchTimestamp: string;
  lastCaughtUpTimestamp: string;
  status: 'Leader' | 'Follower' | 'Observer';
}

/** Leader, then the other voters, then the observers (MetadataQuorumCommand --replication). */
export function replicationRows(q: QuorumInfo, humanReadable = false, now = Date.now()): ReplicationRow[] {
  const leader = q.voters.find((v) => v.replicaId === q.leaderId);
  if (!leader)
    throw new UsageError(`the quorum has no leader among its voters (leader id ${q.leaderId})`, 'An election may be under way; try again in a few seconds.');
  const time = (t: bigint) => (t < 0n ? '-1' : humanReadable ? `${now - Number(t)} ms ago` : String(t));
  const row = (r: ReplicaState, status: ReplicationRow['status']): ReplicationRow => ({
    nodeId: r.replicaId,
    directoryId: r.directoryId,
    logEndOffset: r.logEndOffset,
    lag: leader.logEndOffset - r.logEndOffset,
    lastFetchTimestamp: time(r.lastFetchTimestamp),
    lastCaughtUpTimestamp: time(r.lastCaughtUpTimestamp),
    status,
  });
  return [
    row(leader, 'Leader'),
    ...q.voters.filter((v) => v.replicaId !== q.leaderId).map((v) => row(v, 'Follower')),
    ...q.observers.map((v) => row(v, 'Observer')),
  ];
}

export const REPLICATION_HEAD = ['NodeId', 'DirectoryId', 'LogEndOffset', 'Lag', 'LastFetchTimestamp', 'LastCaughtUpTimestamp', 'Status'];

export function replicationCells(r: ReplicationRow): string[] {
  return [String(r.nodeId), r.directoryId, String(r.logEndOffset), String(r.lag), r.lastFetchTimestamp, r.lastCaughtUpTimestamp, r.status];
}

/** Kafka's ToolsUtils.prettyPrintTable: every cell padded to its column's width, each followed by a tab. */
export function prettyTable(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  return [head, ...rows].map((r) => `${r.map((c, i) => `${c.padEnd(widths[i]!)}\t`).join('')}\n`).join('');
}
