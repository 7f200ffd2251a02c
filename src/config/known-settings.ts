/**
 * Setting names a misspelling of which is caught before a server starts: Kafka and ZooKeeper
 * ignore names they do not know, so `listners=PLAINTEXT://:9093` leaves the broker on its
 * default port and the typo only shows as "port 9092 in use". Not every setting of Kafka is
 * here, only those of the shipped config files and the ones labs change most.
 */
import { editDistance } from '../util/suggest.js';

export const BROKER_SETTINGS: readonly string[] = [
  'advertised.listeners',
  'auto.create.topics.enable',
  'broker.id',
  'controlled.shutdown.enable',
  'controlled.shutdown.max.retries',
  'controlled.shutdown.retry.backoff.ms',
  'controller.listener.names',
  'controller.quorum.bootstrap.servers',
  'controller.quorum.voters',
  'default.replication.factor',
  'delete.topic.enable',
  'group.initial.rebalance.delay.ms',
  'inter.broker.listener.name',
  'listener.security.protocol.map',
  'listeners',
  'log.cleanup.policy',
  'log.dir',
  'log.dirs',
  'log.retention.bytes',
  'log.retention.check.interval.ms',
  'log.retention.hours',
  'log.retention.minutes',
  'log.retention.ms',
  'log.segment.bytes',
  'message.max.bytes',
  'metadata.log.dir',
  'min.insync.replicas',
  'node.id',
  'num.io.threads',
  'num.network.threads',
  'num.partitions',
  'num.recovery.threads.per.data.dir',
  'offsets.topic.num.partitions',
  'offsets.topic.replication.factor',
  'process.roles',
  'sasl.enabled.mechanisms',
  'sasl.mechanism.inter.broker.protocol',
  'security.inter.broker.protocol',
  'socket.receive.buffer.bytes',
  'socket.request.max.bytes',
  'socket.send.buffer.bytes',
  'transaction.state.log.min.isr',
  'transaction.state.log.replication.factor',
  'unclean.leader.election.enable',
  'zookeeper.connect',
  'zookeeper.connection.timeout.ms',
  'zookeeper.session.timeout.ms',
];

export const ZOOKEEPER_SETTINGS: readonly string[] = [
  '4lw.commands.whitelist',
  'admin.enableServer',
  'admin.serverPort',
  'clientPort',
  'clientPortAddress',
  'dataDir',
  'dataLogDir',
  'initLimit',
  'maxClientCnxns',
  'syncLimit',
  'tickTime',
];

/**
 * The known setting a key misspells: not known itself, close to a known name (1 edit for short
 * names, 2 for long ones) that the file does not set. Dotted prefixes of per-listener settings
 * (listener.name.*) are never reported.
 */
export function misspeltSetting(key: string, known: readonly string[], present: ReadonlySet<string>): string | undefined {
  if (known.includes(key) || key.startsWith('listener.name.')) return undefined;
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of known) {
    if (present.has(k)) continue;
    const d = editDistance(key.toLowerCase(), k.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  }
  if (best === undefined) return undefined;
  // the same name in other letter case (clientport) counts, as does a typo of 1-2 characters
  return bestD <= (key.length >= 10 ? 2 : 1) ? best : undefined;
}
