/**
 * API versions: Kafka's names for API keys, the versions kafka-lab can send, the check that a
 * broker accepts them, and Kafka's BrokerApiVersionsCommand text.
 */
export const API_NAMES: Record<number, string> = {
  0: 'Produce',
  1: 'Fetch',
  2: 'ListOffsets',
  3: 'Metadata',
  4: 'LeaderAndIsr',
  5: 'StopReplica',
  6: 'UpdateMetadata',
  7: 'ControlledShutdown',
  8: 'OffsetCommit',
  9: 'OffsetFetch',
  10: 'FindCoordinator',
  11: 'JoinGroup',
  12: 'Heartbeat',
  13: 'LeaveGroup',
  14: 'SyncGroup',
  15: 'DescribeGroups',
  16: 'ListGroups',
  17: 'SaslHandshake',
  18: 'ApiVersions',
  19: 'CreateTopics',
  20: 'DeleteTopics',
  21: 'DeleteRecords',
  22: 'InitProducerId',
  23: 'OffsetForLeaderEpoch',
  24: 'AddPartitionsToTxn',
  25: 'AddOffsetsToTxn',
  26: 'EndTxn',
  27: 'WriteTxnMarkers',
  28: 'TxnOffsetCommit',
  29: 'DescribeAcls',
  30: 'CreateAcls',
  31: 'DeleteAcls',
  32: 'DescribeConfigs',
  33: 'AlterConfigs',
  34: 'AlterReplicaLogDirs',
  35: 'DescribeLogDirs',
  36: 'SaslAuthenticate',
  37: 'CreatePartitions',
  38: 'CreateDelegationToken',
  39: 'RenewDelegationToken',
  40: 'ExpireDelegationToken',
  41: 'DescribeDelegationToken',
  42: 'DeleteGroups',
  43: 'ElectLeaders',
  44: 'IncrementalAlterConfigs',
  45: 'AlterPartitionReassignments',
  46: 'ListPartitionReassignments',
  47: 'OffsetDelete',
  48: 'DescribeClientQuotas',
  49: 'AlterClientQuotas',
  50: 'DescribeUserScramCredentials',
  51: 'AlterUserScramCredentials',
  52: 'Vote',
  53: 'BeginQuorumEpoch',
  54: 'EndQuorumEpoch',
  55: 'DescribeQuorum',
  56: 'AlterPartition',
  57: 'UpdateFeatures',
  58: 'Envelope',
  59: 'FetchSnapshot',
  60: 'DescribeCluster',
  61: 'DescribeProducers',
  62: 'BrokerRegistration',
  63: 'BrokerHeartbeat',
  64: 'UnregisterBroker',
  65: 'DescribeTransactions',
  66: 'ListTransactions',
  67: 'AllocateProducerIds',
  68: 'ConsumerGroupHeartbeat',
  69: 'ConsumerGroupDescribe',
  70: 'ControllerRegistration',
  71: 'GetTelemetrySubscriptions',
  72: 'PushTelemetry',
  73: 'AssignReplicasToDirs',
  74: 'ListClientMetricsResources',
  75: 'DescribeTopicPartitions',
  76: 'ShareGroupHeartbeat',
  77: 'ShareGroupDescribe',
  78: 'ShareFetch',
  79: 'ShareAcknowledge',
  80: 'AddRaftVoter',
  81: 'RemoveRaftVoter',
  82: 'UpdateRaftVoter',
  83: 'InitializeShareGroupState',
  84: 'ReadShareGroupState',
  85: 'WriteShareGroupState',
  86: 'DeleteShareGroupState',
  87: 'ReadShareGroupStateSummary',
  88: 'StreamsGroupHeartbeat',
  89: 'StreamsGroupDescribe',
  90: 'DescribeShareGroupOffsets',
  91: 'AlterShareGroupOffsets',
  92: 'DeleteShareGroupOffsets',
};

/** Controller-only APIs the Java client leaves out of BrokerApiVersionsCommand's list. */
const CONTROLLER_ONLY = new Set([52, 53, 54, 59, 62, 63, 70, 73, 82]);
/** The API keys Kafka 3.9's client knows (what its tool lists, UNSUPPORTED when a broker lacks one). */
const KAFKA_39_CLIENT_KEYS = Object.keys(API_NAMES)
  .map(Number)
  .filter((k) => k <= 87 && !CONTROLLER_ONLY.has(k));

export interface VersionRange {
  minVersion: number;
  maxVersion: number;
}

export type VersionMap = Record<number, VersionRange>;

export const API_KEYS: Record<string, number> = Object.fromEntries(Object.entries(API_NAMES).map(([k, n]) => [n, Number(k)]));

/**
 * The versions kafka-lab sends per API: the typed APIs of @platformatic/kafka it uses (the
 * client picks the highest one the broker supports) and our own Produce and Fetch encoders
 * (src/protocol). A unit test checks this table against the library's exports.
 */
export const CLIENT_VERSIONS: VersionMap = {
  0: { minVersion: 9, maxVersion: 11 }, // Produce (src/protocol/produce.ts, PRODUCE_VERSIONS)
  1: { minVersion: 12, maxVersion: 12 }, // Fetch (src/protocol/fetch.ts, FETCH_VERSIONS)
  2: { minVersion: 5, maxVersion: 9 }, // ListOffsets
  3: { minVersion: 12, maxVersion: 12 }, // Metadata
  8: { minVersion: 8, maxVersion: 9 }, // OffsetCommit
  9: { minVersion: 8, maxVersion: 9 }, // OffsetFetch
  10: { minVersion: 4, maxVersion: 6 }, // FindCoordinator
  11: { minVersion: 6, maxVersion: 9 }, // JoinGroup
  12: { minVersion: 4, maxVersion: 4 }, // Heartbeat
  13: { minVersion: 4, maxVersion: 5 }, // LeaveGroup
  14: { minVersion: 4, maxVersion: 5 }, // SyncGroup
  15: { minVersion: 5, maxVersion: 5 }, // DescribeGroups
  16: { minVersion: 4, maxVersion: 5 }, // ListGroups
  18: { minVersion: 3, maxVersion: 3 }, // ApiVersions
  19: { minVersion: 7, maxVersion: 7 }, // CreateTopics
  20: { minVersion: 6, maxVersion: 6 }, // DeleteTopics
  21: { minVersion: 2, maxVersion: 2 }, // DeleteRecords
  22: { minVersion: 3, maxVersion: 5 }, // InitProducerId
  32: { minVersion: 4, maxVersion: 4 }, // DescribeConfigs
  37: { minVersion: 3, maxVersion: 3 }, // CreatePartitions
  42: { minVersion: 2, maxVersion: 2 }, // DeleteGroups
  44: { minVersion: 1, maxVersion: 1 }, // IncrementalAlterConfigs
  47: { minVersion: 0, maxVersion: 0 }, // OffsetDelete
};

export interface ApiProblem {
  api: string;
  apiKey: number;
  broker?: VersionRange;
  ours: VersionRange;
}

/**
 * The APIs a command needs that the broker cannot serve at a version we can send (ranges that
 * do not overlap), so the command fails at once naming the API and both ranges.
 */
export function unsupportedApis(broker: VersionMap, ours: VersionMap, needs: string[]): ApiProblem[] {
  const problems: ApiProblem[] = [];
  for (const api of needs) {
    const key = API_KEYS[api];
    if (key === undefined) continue;
    const o = ours[key];
    if (!o) continue;
    const b = broker[key];
    if (!b || b.minVersion > o.maxVersion || b.maxVersion < o.minVersion) problems.push({ api, apiKey: key, broker: b, ours: o });
  }
  return problems;
}

export function describeProblem(p: ApiProblem): string {
  const ours = p.ours.minVersion === p.ours.maxVersion ? `v${p.ours.maxVersion}` : `v${p.ours.minVersion}-${p.ours.maxVersion}`;
  if (!p.broker) return `the broker does not support ${p.api} (API key ${p.apiKey}); kafka-lab sends ${ours}`;
  return `the broker supports ${p.api} (API key ${p.apiKey}) versions ${p.broker.minVersion}-${p.broker.maxVersion}, kafka-lab sends ${ours}`;
}

function rangeText(r: VersionRange): string {
  return r.minVersion === r.maxVersion ? `${r.minVersion}` : `${r.minVersion} to ${r.maxVersion}`;
}

export interface BrokerVersions {
  host: string;
  port: number;
  nodeId: number;
  rack: string | null;
  versions: VersionMap;
}

/** Kafka 4.x's client dropped the ZooKeeper-era broker APIs and knows the 4.1 additions. */
const KAFKA_4_REMOVED = new Set([4, 5, 6, 7, 56, 58, 67]);
const KAFKA_4_CLIENT_KEYS = [...KAFKA_39_CLIENT_KEYS.filter((k) => !KAFKA_4_REMOVED.has(k)), 88, 89, 90, 91, 92];

/** Brokers from 4.0 on accept Produce v12+; their own tool is the 4.x one, so we print its layout. */
export function isKafka4Broker(versions: VersionMap): boolean {
  return (versions[0]?.maxVersion ?? 0) >= 12;
}

/**
 * One broker's block as Kafka's BrokerApiVersionsCommand of the broker's own release prints
 * it (3.9 layout, or 4.x with isFenced and its API list). "usable" is what that release's
 * Java client would pick: the broker's maximum.
 */
export function formatBrokerApiVersions(b: BrokerVersions): string {
  const v4 = isKafka4Broker(b.versions);
  const keys = new Set<number>([...(v4 ? KAFKA_4_CLIENT_KEYS : KAFKA_39_CLIENT_KEYS), ...Object.keys(b.versions).map(Number)]);
  const lines = [...keys]
    .sort((x, y) => x - y)
    .map((k) => {
      const name = v4 && k === 74 ? 'ListConfigResources' : (API_NAMES[k] ?? 'UNKNOWN');
      const r = b.versions[k];
      return `\t${name}(${k}): ${r ? `${rangeText(r)} [usable: ${r.maxVersion}]` : 'UNSUPPORTED'}`;
    });
  return `${b.host}:${b.port} (id: ${b.nodeId} rack: ${b.rack ?? 'null'}${v4 ? ' isFenced: false' : ''}) -> (\n${lines.join(',\n')}\n)`;
}

/** What each kind of client command sends; checked against the broker when it connects. */
export const PRODUCER_APIS = ['Metadata', 'Produce', 'InitProducerId'];
export const CONSUMER_APIS = ['Metadata', 'ListOffsets', 'Fetch'];
export const GROUP_MEMBER_APIS = ['FindCoordinator', 'JoinGroup', 'SyncGroup', 'Heartbeat', 'LeaveGroup', 'OffsetFetch', 'OffsetCommit'];
export const GROUP_ADMIN_APIS = ['Metadata', 'FindCoordinator', 'ListGroups', 'DescribeGroups', 'OffsetFetch', 'OffsetCommit', 'ListOffsets', 'DeleteGroups'];
