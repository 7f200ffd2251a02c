/**
 * The scripts in Apache Kafka's bin/ folder (3.9 and 4.1) and the class each one runs through
 * kafka-run-class.sh. kafka-lab mirrors many of them (the command registry says which); for the
 * others it names the exact kafka-lab kafka-run-class line that runs Kafka's own tool from the
 * installed engine, instead of guessing a similar-looking command.
 */

export interface KafkaScript {
  /** the script's name without .sh, e.g. kafka-cluster */
  name: string;
  /** main class in Kafka 3.9 (absent: not in 3.9) */
  class39?: string;
  /** main class in Kafka 4.x (absent: removed in 4.0) */
  class4?: string;
  /** added in this 4.x release */
  since?: string;
  /** the jar (artifact) the class lives in, when kafka-lab's engine does not install it */
  missingJar?: string;
  /** what it is, for the answer when it has no class (stop scripts, trogdor) */
  note?: string;
}

const tools = (c: string) => `org.apache.kafka.tools.${c}`;

export const KAFKA_SCRIPTS: readonly KafkaScript[] = [
  { name: 'connect-distributed', class39: 'org.apache.kafka.connect.cli.ConnectDistributed', class4: 'org.apache.kafka.connect.cli.ConnectDistributed' },
  {
    name: 'connect-mirror-maker',
    class39: 'org.apache.kafka.connect.mirror.MirrorMaker',
    class4: 'org.apache.kafka.connect.mirror.MirrorMaker',
    missingJar: 'connect-mirror',
  },
  { name: 'connect-plugin-path', class39: tools('ConnectPluginPath'), class4: tools('ConnectPluginPath') },
  { name: 'connect-standalone', class39: 'org.apache.kafka.connect.cli.ConnectStandalone', class4: 'org.apache.kafka.connect.cli.ConnectStandalone' },
  { name: 'kafka-acls', class39: 'kafka.admin.AclCommand', class4: tools('AclCommand') },
  { name: 'kafka-broker-api-versions', class39: 'kafka.admin.BrokerApiVersionsCommand', class4: tools('BrokerApiVersionsCommand') },
  { name: 'kafka-client-metrics', class39: tools('ClientMetricsCommand'), class4: tools('ClientMetricsCommand') },
  { name: 'kafka-cluster', class39: tools('ClusterTool'), class4: tools('ClusterTool') },
  { name: 'kafka-configs', class39: 'kafka.admin.ConfigCommand', class4: 'kafka.admin.ConfigCommand' },
  { name: 'kafka-console-consumer', class39: tools('consumer.ConsoleConsumer'), class4: tools('consumer.ConsoleConsumer') },
  { name: 'kafka-console-producer', class39: 'kafka.tools.ConsoleProducer', class4: tools('ConsoleProducer') },
  { name: 'kafka-console-share-consumer', class4: tools('consumer.ConsoleShareConsumer'), since: '4.0' },
  { name: 'kafka-consumer-groups', class39: tools('consumer.group.ConsumerGroupCommand'), class4: tools('consumer.group.ConsumerGroupCommand') },
  { name: 'kafka-consumer-perf-test', class39: tools('ConsumerPerformance'), class4: tools('ConsumerPerformance') },
  { name: 'kafka-delegation-tokens', class39: tools('DelegationTokenCommand'), class4: tools('DelegationTokenCommand') },
  { name: 'kafka-delete-records', class39: tools('DeleteRecordsCommand'), class4: tools('DeleteRecordsCommand') },
  { name: 'kafka-dump-log', class39: 'kafka.tools.DumpLogSegments', class4: 'kafka.tools.DumpLogSegments' },
  { name: 'kafka-e2e-latency', class39: tools('EndToEndLatency'), class4: tools('EndToEndLatency') },
  { name: 'kafka-features', class39: tools('FeatureCommand'), class4: tools('FeatureCommand') },
  { name: 'kafka-get-offsets', class39: tools('GetOffsetShell'), class4: tools('GetOffsetShell') },
  { name: 'kafka-groups', class4: tools('GroupsCommand'), since: '4.0' },
  { name: 'kafka-jmx', class39: tools('JmxTool'), class4: tools('JmxTool') },
  { name: 'kafka-leader-election', class39: tools('LeaderElectionCommand'), class4: tools('LeaderElectionCommand') },
  { name: 'kafka-log-dirs', class39: tools('LogDirsCommand'), class4: tools('LogDirsCommand') },
  { name: 'kafka-metadata-quorum', class39: tools('MetadataQuorumCommand'), class4: tools('MetadataQuorumCommand') },
  {
    name: 'kafka-metadata-shell',
    class39: 'org.apache.kafka.shell.MetadataShell',
    class4: 'org.apache.kafka.shell.MetadataShell',
    missingJar: 'kafka-shell',
  },
  { name: 'kafka-mirror-maker', class39: 'kafka.tools.MirrorMaker' },
  { name: 'kafka-producer-perf-test', class39: tools('ProducerPerformance'), class4: tools('ProducerPerformance') },
  { name: 'kafka-reassign-partitions', class39: tools('reassign.ReassignPartitionsCommand'), class4: tools('reassign.ReassignPartitionsCommand') },
  { name: 'kafka-replica-verification', class39: tools('ReplicaVerificationTool'), class4: tools('ReplicaVerificationTool') },
  { name: 'kafka-run-class', note: 'runs any class on the classpath' },
  { name: 'kafka-server-start', class39: 'kafka.Kafka', class4: 'kafka.Kafka' },
  { name: 'kafka-server-stop', note: 'stops brokers by signal' },
  { name: 'kafka-share-consumer-perf-test', class4: tools('ShareConsumerPerformance'), since: '4.1' },
  { name: 'kafka-share-groups', class4: tools('consumer.group.ShareGroupCommand'), since: '4.0' },
  { name: 'kafka-storage', class39: 'kafka.tools.StorageTool', class4: 'kafka.tools.StorageTool' },
  { name: 'kafka-streams-application-reset', class39: tools('StreamsResetter'), class4: tools('StreamsResetter') },
  { name: 'kafka-streams-groups', class4: tools('streams.StreamsGroupCommand'), since: '4.1' },
  { name: 'kafka-topics', class39: tools('TopicCommand'), class4: tools('TopicCommand') },
  { name: 'kafka-transactions', class39: tools('TransactionsCommand'), class4: tools('TransactionsCommand') },
  { name: 'kafka-verifiable-consumer', class39: tools('VerifiableConsumer'), class4: tools('VerifiableConsumer') },
  { name: 'kafka-verifiable-producer', class39: tools('VerifiableProducer'), class4: tools('VerifiableProducer') },
  { name: 'kafka-verifiable-share-consumer', class4: tools('VerifiableShareConsumer'), since: '4.1' },
  { name: 'trogdor', note: "Kafka's test framework (agent and coordinator), not a client tool", missingJar: 'trogdor' },
  { name: 'zookeeper-security-migration', class39: 'kafka.admin.ZkSecurityMigrator' },
  { name: 'zookeeper-server-start', class39: 'org.apache.zookeeper.server.quorum.QuorumPeerMain' },
  { name: 'zookeeper-server-stop', note: 'stops ZooKeeper by signal' },
  { name: 'zookeeper-shell', class39: 'org.apache.zookeeper.ZooKeeperMainWithTlsSupportForKafka' },
];

/** The script a typed name means: kafka-cluster.sh, bin/kafka-cluster.sh, ./bin/kafka-cluster.sh or kafka-cluster. */
export function kafkaScript(typed: string): KafkaScript | undefined {
  const base = typed
    .replace(/^.*\//, '')
    .replace(/\.(sh|bat)$/, '')
    .toLowerCase();
  return KAFKA_SCRIPTS.find((s) => s.name === base);
}

/** The scripts kafka-lab does not mirror: Kafka's list minus every name the registry knows. */
export function notMirrored(isMirrored: (name: string) => boolean): KafkaScript[] {
  return KAFKA_SCRIPTS.filter((s) => !isMirrored(s.name) && !isMirrored(`${s.name}.sh`));
}

/** The class a script runs in an engine of this version (Kafka 4 dropped ZooKeeper and moved some tools). */
export function scriptClass(script: KafkaScript, engineVersion: string): string | undefined {
  return Number(engineVersion.split('.')[0]) >= 4 ? script.class4 : script.class39;
}

/** An argument as a shell line shows it: quoted when it holds anything a shell would read. */
export function shellWord(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
