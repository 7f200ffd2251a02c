/**
 * Every command of kafka-lab, with its help group. Only metadata lives here: a command's
 * module (and whatever heavy library it needs) is imported when that command runs, so
 * `kafka-lab --help` and `--version` load nothing else.
 */
import type { Io } from '../output/io.js';
import type { LoadedCommand } from './types.js';

export type CommandGroup = 'processes' | 'topics' | 'produce/consume' | 'groups' | 'configs' | 'cluster' | 'connect' | 'lake' | 'perf' | 'tools';

export const GROUP_TITLES: Record<CommandGroup, string> = {
  processes: 'Processes (ZooKeeper, brokers, engines)',
  topics: 'Topics',
  'produce/consume': 'Produce and consume',
  groups: 'Consumer groups',
  configs: 'Configs',
  cluster: 'Multi-broker labs',
  connect: 'Kafka Connect',
  lake: 'Data-lake components (database, HDFS, MQTT, devices)',
  perf: 'Performance',
  tools: 'Tools',
};

export interface CommandSpec {
  name: string;
  /** Kafka script names that map here, e.g. kafka-topics.sh */
  aliases?: string[];
  group: CommandGroup;
  summary: string;
  load: () => Promise<{ default: LoadedCommand; raw?: (argv: string[], io: Io) => Promise<void> }>;
}

export const COMMANDS: CommandSpec[] = [
  {
    name: 'zookeeper-start',
    aliases: ['zookeeper-server-start.sh', 'zookeeper-server-start'],
    group: 'processes',
    summary: 'start ZooKeeper (Kafka 3.x), foreground or -daemon',
    load: () => import('./zookeeper-start.js'),
  },
  {
    name: 'zookeeper-stop',
    aliases: ['zookeeper-server-stop.sh', 'zookeeper-server-stop'],
    group: 'processes',
    summary: 'stop the ZooKeeper kafka-lab started (by pid file)',
    load: () => import('./zookeeper-stop.js'),
  },
  {
    name: 'server-start',
    aliases: ['kafka-server-start.sh', 'kafka-server-start'],
    group: 'processes',
    summary: 'start a Kafka broker (ZooKeeper mode or KRaft), foreground or -daemon',
    load: () => import('./server-start.js'),
  },
  {
    name: 'server-stop',
    aliases: ['kafka-server-stop.sh', 'kafka-server-stop'],
    group: 'processes',
    summary: 'stop brokers kafka-lab started (--node-id N | --all), by pid file',
    load: () => import('./server-stop.js'),
  },
  {
    name: 'storage',
    aliases: ['kafka-storage.sh', 'kafka-storage'],
    group: 'processes',
    summary: 'KRaft storage: random-uuid, format, info (like kafka-storage)',
    load: () => import('./storage.js'),
  },
  {
    name: 'engine',
    group: 'processes',
    summary: 'install Apache Kafka from Maven Central (engine install [--version V]) or list engines',
    load: () => import('./engine.js'),
  },
  {
    name: 'config',
    group: 'configs',
    summary: 'print a configuration template (server, zookeeper, kraft/server, producer, consumer)',
    load: () => import('./config-print.js'),
  },
  {
    name: 'dump-log',
    aliases: ['kafka-dump-log.sh', 'kafka-dump-log'],
    group: 'tools',
    summary: 'print segment files (.log/.index/.timeindex) read straight off disk, like kafka-dump-log',
    load: () => import('./dump-log.js'),
  },
  {
    name: 'cluster-scaffold',
    group: 'cluster',
    summary: 'generate a multi-broker lab folder (ZooKeeper or KRaft) with distinct ids, ports and log dirs',
    load: () => import('./cluster-scaffold.js'),
  },
  {
    name: 'pipelines-scaffold',
    group: 'lake',
    summary: 'generate a data-lake lab: brokers, database (CDC), HDFS, mosquitto, an ingest and a lake Connect worker',
    load: () => import('./pipelines-scaffold.js'),
  },
  {
    name: 'cluster',
    group: 'cluster',
    summary: 'run a lab: cluster up | down | status | info | stop-broker ID | start-broker ID | add-broker | rebalance',
    load: () => import('./cluster.js'),
  },
  {
    name: 'db',
    group: 'lake',
    summary: 'the lab database with CDC on: db start|stop|status|sql|seed (PostgreSQL, or --db mariadb)',
    load: () => import('./db.js'),
  },
  {
    name: 'hdfs',
    group: 'lake',
    summary: 'a single-node HDFS: hdfs format|start|stop|status, and ls|cat|put|mkdir through WebHDFS',
    load: () => import('./hdfs.js'),
  },
  {
    name: 'mqtt',
    group: 'lake',
    summary: "the lab's MQTT broker (mosquitto): mqtt start|stop|status",
    load: () => import('./mqtt.js'),
  },
  {
    name: 'device-sim',
    group: 'lake',
    summary: 'N simulated devices publishing JSON readings at a rate, to MQTT and/or a Kafka topic',
    load: () => import('./device-sim.js'),
  },
  {
    name: 'demo',
    group: 'cluster',
    summary: 'the whole 3-broker lab, narrated: failover with nothing lost, a preferred leader election, a 4th broker taking partitions, clean-up',
    load: () => import('./demo.js'),
  },
  {
    name: 'console-producer',
    aliases: ['kafka-console-producer.sh', 'kafka-console-producer'],
    group: 'produce/consume',
    summary: 'produce lines from stdin or a file (Kafka reader properties, JSON, format strings, --random N)',
    load: () => import('./console-producer.js'),
  },
  {
    name: 'console-consumer',
    aliases: ['kafka-console-consumer.sh', 'kafka-console-consumer'],
    group: 'produce/consume',
    summary: "print records like Kafka's console consumer (print.* properties), or as JSON / format strings; offsets, --until-end, --tail",
    load: () => import('./console-consumer.js'),
  },
  {
    name: 'consumer-groups',
    aliases: ['kafka-consumer-groups.sh', 'kafka-consumer-groups'],
    group: 'groups',
    summary: 'list, describe (offsets, lag, members, state), reset offsets and delete consumer groups',
    load: () => import('./consumer-groups.js'),
  },
  {
    name: 'producer-perf-test',
    aliases: ['kafka-producer-perf-test.sh', 'kafka-producer-perf-test'],
    group: 'perf',
    summary: "produce N records as fast as asked; Kafka's progress and summary lines (latency percentiles)",
    load: () => import('./producer-perf-test.js'),
  },
  {
    name: 'consumer-perf-test',
    aliases: ['kafka-consumer-perf-test.sh', 'kafka-consumer-perf-test'],
    group: 'perf',
    summary: "consume N records and print Kafka's CSV throughput line",
    load: () => import('./consumer-perf-test.js'),
  },
  {
    name: 'verifiable-producer',
    aliases: ['kafka-verifiable-producer.sh', 'kafka-verifiable-producer'],
    group: 'produce/consume',
    summary: "produce increasing integers, one JSON event line per acknowledged record (Kafka's system-test tool)",
    load: () => import('./verifiable-producer.js'),
  },
  {
    name: 'verifiable-consumer',
    aliases: ['kafka-verifiable-consumer.sh', 'kafka-verifiable-consumer'],
    group: 'produce/consume',
    summary: 'consume in a group, one JSON event line per rebalance, fetch and commit',
    load: () => import('./verifiable-consumer.js'),
  },
  {
    name: 'e2e-latency',
    aliases: ['kafka-e2e-latency.sh', 'kafka-e2e-latency'],
    group: 'perf',
    summary: "end-to-end latency, one record at a time from send to read (Kafka's EndToEndLatency lines)",
    load: () => import('./e2e-latency.js'),
  },
  {
    name: 'topics',
    aliases: ['kafka-topics.sh', 'kafka-topics'],
    group: 'topics',
    summary: 'create, list, describe, alter (partitions) and delete topics, like kafka-topics',
    load: () => import('./topics.js'),
  },
  {
    name: 'configs',
    aliases: ['kafka-configs.sh', 'kafka-configs'],
    group: 'configs',
    summary: 'describe and alter configs of topics, brokers, users (SCRAM), clients and ips (quotas), like kafka-configs',
    load: () => import('./configs.js'),
  },
  {
    name: 'acls',
    aliases: ['kafka-acls.sh', 'kafka-acls'],
    group: 'configs',
    summary: 'add, remove and list ACLs (--producer/--consumer conveniences), like kafka-acls',
    load: () => import('./acls.js'),
  },
  {
    name: 'get-offsets',
    aliases: ['kafka-get-offsets.sh', 'kafka-get-offsets'],
    group: 'topics',
    summary: 'earliest, latest or by-time offsets of partitions (topic:partition:offset)',
    load: () => import('./get-offsets.js'),
  },
  {
    name: 'delete-records',
    aliases: ['kafka-delete-records.sh', 'kafka-delete-records'],
    group: 'topics',
    summary: 'delete records before an offset (JSON file or --topic/--partition/--before-offset)',
    load: () => import('./delete-records.js'),
  },
  {
    name: 'broker-api-versions',
    aliases: ['kafka-broker-api-versions.sh', 'kafka-broker-api-versions'],
    group: 'tools',
    summary: "each broker's supported API versions, like kafka-broker-api-versions",
    load: () => import('./broker-api-versions.js'),
  },
  {
    name: 'metadata-quorum',
    aliases: ['kafka-metadata-quorum.sh', 'kafka-metadata-quorum'],
    group: 'tools',
    summary: 'the KRaft metadata quorum: describe --status | --replication, like kafka-metadata-quorum',
    load: () => import('./metadata-quorum.js'),
  },
  {
    name: 'features',
    aliases: ['kafka-features.sh', 'kafka-features'],
    group: 'tools',
    summary: 'feature flags (metadata.version ...): describe, upgrade, downgrade, disable, like kafka-features',
    load: () => import('./features.js'),
  },
  {
    name: 'zookeeper-shell',
    aliases: ['zookeeper-shell.sh'],
    group: 'tools',
    summary: 'browse ZooKeeper (ls, get, stat /brokers/ids, /controller ...), one-shot or interactive',
    load: () => import('./zookeeper-shell.js'),
  },
  {
    name: 'zookeeper-status',
    group: 'tools',
    summary: 'is ZooKeeper up? the four-letter words ruok and srvr, readably',
    load: () => import('./zookeeper-status.js'),
  },
  {
    name: 'log-dirs',
    aliases: ['kafka-log-dirs.sh', 'kafka-log-dirs'],
    group: 'tools',
    summary: 'partition folders per broker: segments, sizes, offsets, retention; --describe: kafka-log-dirs (asks the brokers)',
    load: () => import('./log-dirs.js'),
  },
  {
    name: 'connect-standalone',
    aliases: ['connect-standalone.sh'],
    group: 'connect',
    summary: 'start a Kafka Connect worker in standalone mode (connectors from files), foreground or -daemon',
    load: () => import('./connect-standalone.js'),
  },
  {
    name: 'connect-distributed',
    aliases: ['connect-distributed.sh'],
    group: 'connect',
    summary: 'start a Kafka Connect worker in distributed mode (connectors over REST), foreground or -daemon',
    load: () => import('./connect-distributed.js'),
  },
  {
    name: 'connect-stop',
    group: 'connect',
    summary: 'stop Connect workers kafka-lab started (--port N | --all), by pid file',
    load: () => import('./connect-stop.js'),
  },
  {
    name: 'connect-plugin-path',
    aliases: ['connect-plugin-path.sh'],
    group: 'connect',
    summary: "Kafka's connect-plugin-path: list plugins, sync-manifests for plugin.discovery=service_load",
    load: () => import('./connect-plugin-path.js'),
  },
  {
    name: 'connect',
    group: 'connect',
    summary: 'a Connect worker over REST (like kcctl): list, describe, apply -f, pause, resume, restart, offsets, loggers, top',
    load: () => import('./connect.js'),
  },
  {
    name: 'plugin',
    group: 'connect',
    summary: 'install Connect plugins from Maven Central (file, mirror, debezium-*, iceberg, mqtt, or G:A:V) and list them',
    load: () => import('./plugin.js'),
  },
  {
    name: 'kafka-run-class',
    aliases: ['kafka-run-class.sh'],
    group: 'tools',
    summary: "run any class on the engine's classpath with Kafka's JVM options (Kafka's own tools kafka-lab does not mirror)",
    load: () => import('./kafka-run-class.js'),
  },
  {
    name: 'reassign-partitions',
    aliases: ['kafka-reassign-partitions.sh', 'kafka-reassign-partitions'],
    group: 'cluster',
    summary: 'move partitions between brokers: --generate a plan, --execute it (with --throttle), --verify, --cancel, --list',
    load: () => import('./reassign-partitions.js'),
  },
  {
    name: 'leader-election',
    aliases: ['kafka-leader-election.sh', 'kafka-leader-election'],
    group: 'cluster',
    summary: 'elect leaders: --election-type preferred (leaders back after a failover) or unclean; all, one, or a JSON file of partitions',
    load: () => import('./leader-election.js'),
  },
  {
    name: 'transactions',
    aliases: ['kafka-transactions.sh', 'kafka-transactions'],
    group: 'tools',
    summary: 'transactions: list, describe, describe-producers, find-hanging, abort (like kafka-transactions)',
    load: () => import('./transactions.js'),
  },
  {
    name: 'completion',
    group: 'tools',
    summary: 'bash/zsh completion script: commands, flags, live topic and group names',
    load: () => import('./completion.js'),
  },
];

export function findCommand(name: string): CommandSpec | undefined {
  // bin/kafka-topics.sh, ./bin/kafka-topics.sh, /opt/kafka/bin/kafka-topics.sh: the script's own name
  const n = name.replace(/^.*\//, '');
  return COMMANDS.find((c) => c.name === n || c.aliases?.includes(n));
}
