import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readLab } from '../cluster/lab.js';
import { readPropertiesFile } from '../config/properties.js';
import { interpretServerConfig } from '../config/server-config.js';
import { KafkaLabError, UsageError } from '../errors.js';
import { HEAD, logDirsJson, logDirsText, partitionRow, type BrokerLogDirView } from '../format/log-dirs-retention.js';
import { KAFKA_DEFAULTS, brokerRetention, oldestSegmentRetention, scanLogDir, withTopicOverrides } from '../log/retention-scan.js';
import { OUTPUT_FORMATS, present, type OutputFormat } from '../output/output.js';
import { ZkClient } from '../zk/client.js';
import { openAdmin } from '../client/session.js';
import { describeLogDirs } from '../client/admin-cluster.js';
import { connectionOptions } from '../client/connection.js';
import { brokerSetText, logDirsDescribeText, logDirsDescribeView } from '../format/log-dirs-describe.js';
import { defineCommand } from './types.js';

export interface LogDirsPlan {
  /** a lab folder (its brokers' log.dirs), or log dirs named one by one */
  source: { kind: 'lab'; dir?: string } | { kind: 'log-dirs'; dirs: string[]; config?: string };
  topic?: string;
  /** read topic overrides from the lab's ZooKeeper */
  topicConfigs: boolean;
  format: OutputFormat;
}

export function logDirsPlan(argv: {
  dir?: string;
  logDir?: (string | number)[];
  config?: string;
  topic?: string;
  topicConfigs?: boolean;
  output?: OutputFormat;
}): LogDirsPlan {
  const logDirs = (argv.logDir ?? []).map(String);
  if (logDirs.length > 0 && argv.dir) throw new UsageError('use either --dir (a lab) or --log-dir (one broker log dir), not both', 'kafka-lab log-dirs --help');
  if (argv.config && logDirs.length === 0)
    throw new UsageError('--config goes with --log-dir', 'Example: kafka-lab log-dirs --log-dir /tmp/kafka-logs --config server.properties');
  return {
    source: logDirs.length > 0 ? { kind: 'log-dirs', dirs: logDirs, config: argv.config } : { kind: 'lab', dir: argv.dir },
    topic: argv.topic,
    topicConfigs: argv.topicConfigs ?? true,
    format: argv.output ?? 'text',
  };
}

interface Target {
  broker: string;
  logDir: string;
  props: Map<string, string>;
}

/** The log dirs to scan with the broker settings that apply to each, and the ZooKeeper that holds topic overrides. */
function targetsOf(source: LogDirsPlan['source']): { targets: Target[]; zookeeper?: string } {
  const targets: Target[] = [];
  if (source.kind === 'log-dirs') {
    const props = source.config ? readPropertiesFile(source.config, 'broker config file').toMap() : new Map<string, string>();
    for (const d of source.dirs) {
      if (!existsSync(d))
        throw new KafkaLabError(`log dir ${d} does not exist`, {
          kind: 'not-found',
          hint: "It is log.dirs in the broker's server.properties (default /tmp/kafka-logs).",
        });
      targets.push({ broker: source.config ? `broker (${source.config})` : 'log dir', logDir: resolve(d), props });
    }
    return { targets, zookeeper: props.get('zookeeper.connect') };
  }
  const lab = readLab(source.dir);
  for (const node of lab.manifest.nodes) {
    const path = join(lab.dir, node.configFile);
    const props = existsSync(path) ? readPropertiesFile(path, 'broker config file').toMap() : new Map<string, string>();
    const dirs = props.size > 0 ? interpretServerConfig(props, path).logDirs : [node.logDir];
    for (const d of dirs) targets.push({ broker: `broker ${node.id}`, logDir: resolve(lab.dir, d), props });
  }
  return { targets, zookeeper: lab.manifest.zookeeper ? `${lab.manifest.zookeeper.host}:${lab.manifest.zookeeper.port}` : undefined };
}

export default defineCommand({
  command: 'log-dirs',
  describe:
    "Each broker's topic-partition folders on disk: segments, sizes, base offsets, oldest record, and when retention deletes the oldest segment; with --describe, Kafka's kafka-log-dirs (asks the brokers)",
  builder: (y) =>
    connectionOptions(y)
      .option('describe', { type: 'boolean', describe: "Kafka's form: ask the brokers (DescribeLogDirs) and print Kafka's JSON" })
      .option('topic-list', { type: 'string', describe: 'with --describe: topics to show, "t1,t2" (default: all)' })
      .option('broker-list', { type: 'string', describe: 'with --describe: brokers to ask, "1,2" (default: all)' })
      .option('dir', { type: 'string', describe: 'lab folder (with cluster.json); default: the current folder' })
      .option('log-dir', { type: 'string', array: true, describe: 'a broker log dir to scan instead of a lab (repeatable)' })
      .option('config', { type: 'string', describe: 'with --log-dir: server.properties whose retention settings apply' })
      .option('topic', { type: 'string', describe: 'only this topic' })
      .option('topic-configs', {
        type: 'boolean',
        default: true,
        describe: "read topic overrides (retention.ms, ...) from the lab's ZooKeeper; --no-topic-configs to skip",
      })
      .option('output', { alias: 'o', choices: OUTPUT_FORMATS, default: 'text' as OutputFormat, describe: 'text, table or json' })
      .example(
        'kafka-lab log-dirs --describe --bootstrap-server localhost:9092 --topic-list orders',
        "Kafka's kafka-log-dirs: sizes and lag per replica, as JSON",
      )
      .example('kafka-lab log-dirs --dir lab', 'partition folders of every broker of the lab in ./lab')
      .example('kafka-lab log-dirs --log-dir /tmp/kafka-logs --config config/server.properties --topic orders', "one broker's log dir, one topic"),
  handler: async (argv) => {
    if (argv.describe) return describeFromBrokers(argv);
    if (argv.topicList !== undefined || argv.brokerList !== undefined || argv.bootstrapServer !== undefined)
      throw new UsageError(
        'Missing required argument(s): describe',
        "Kafka's form is kafka-lab log-dirs --describe --bootstrap-server HOST:PORT; without --describe, log-dirs reads a lab's folders on disk (--dir).",
      );
    const plan = logDirsPlan(argv);
    const { targets, zookeeper } = targetsOf(plan.source);
    const scanned = targets.map((t) => ({ ...t, parts: scanLogDir(t.logDir).filter((p) => !plan.topic || p.topic === plan.topic) }));
    const topics = [...new Set(scanned.flatMap((s) => s.parts.map((p) => p.topic)))];
    const overrides = plan.topicConfigs && zookeeper && topics.length > 0 ? await topicOverrides(zookeeper, topics) : new Map<string, Map<string, string>>();
    const now = Date.now();
    const views: BrokerLogDirView[] = scanned.map((s) => {
      const policy = s.props.size > 0 ? brokerRetention(s.props) : { ...KAFKA_DEFAULTS, source: {} };
      return {
        broker: s.broker,
        logDir: s.logDir,
        policy,
        partitions: s.parts.map((info) => {
          const p = withTopicOverrides(policy, overrides.get(info.topic));
          return { info, policy: p, verdict: oldestSegmentRetention(info, p, now) };
        }),
      };
    });
    if (plan.topic && views.every((v) => v.partitions.length === 0)) {
      throw new KafkaLabError(`no partition folders of topic '${plan.topic}' in ${targets.map((t) => t.logDir).join(', ')}`, {
        kind: 'not-found',
        hint: 'A partition folder appears on the brokers that host a replica once the topic exists.',
      });
    }
    present(plan.format, {
      text: () => logDirsText(views),
      table: () => ({ head: ['BROKER', ...HEAD], rows: views.flatMap((v) => v.partitions.map((p) => [v.broker, ...partitionRow(p)])) }),
      json: () => logDirsJson(views),
    });
  },
});

/** Topic configs from ZooKeeper (/config/topics/<topic>); quietly none when ZooKeeper does not answer fast. */
async function topicOverrides(zookeeper: string, topics: string[]): Promise<Map<string, Map<string, string>>> {
  const result = new Map<string, Map<string, string>>();
  let zk: ZkClient | undefined;
  try {
    zk = await ZkClient.connect(zookeeper, { timeoutMs: 1000 });
    for (const t of topics) {
      try {
        const { data } = await zk.getData(`/config/topics/${t}`);
        const cfg = (JSON.parse(data?.toString('utf8') ?? '{}') as { config?: Record<string, string> }).config ?? {};
        result.set(t, new Map(Object.entries(cfg)));
      } catch {
        /* no overrides for this topic */
      }
    }
  } catch {
    /* ZooKeeper not running: broker defaults only */
  } finally {
    await zk?.close();
  }
  return result;
}

/** Kafka's kafka-log-dirs --describe: DescribeLogDirs to each broker, Kafka's JSON line. */
async function describeFromBrokers(argv: {
  topicList?: string;
  brokerList?: string;
  output?: string;
  bootstrapServer?: string;
  commandConfig?: string;
  timeout?: number;
}): Promise<void> {
  const split = (v: string | undefined) =>
    (v ?? '')
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean);
  const topics = split(argv.topicList);
  const asked = split(argv.brokerList).map((b) => {
    if (!/^-?\d+$/.test(b)) throw new UsageError(`--broker-list takes broker ids, got '${b}'`, 'Example: --broker-list 1,2,3');
    return Number(b);
  });
  const s = await openAdmin({ ...argv, commandConfig: argv.commandConfig });
  try {
    const meta = await s.run(s.client.metadata([]));
    const cluster = meta.brokers.map((b) => b.nodeId);
    const missing = asked.filter((b) => !cluster.includes(b));
    if (missing.length > 0)
      throw new KafkaLabError(
        `The given brokers do not exist from --broker-list: ${brokerSetText(missing)}. Current existent brokers: ${brokerSetText(cluster)}`,
        { kind: 'not-found', hint: 'kafka-lab cluster info lists the brokers.' },
      );
    const brokers = asked.length > 0 ? [...new Set(asked)] : cluster;
    const results = await Promise.all(
      brokers.map(async (broker) => ({
        broker,
        dirs: await s.run(describeLogDirs(s.client, broker), { action: `describe the log dirs of broker ${broker}` }),
      })),
    );
    present(argv.output as OutputFormat, {
      text: () => logDirsDescribeText(results, topics).replace(/\n$/, ''),
      table: () => ({
        head: ['BROKER', 'LOG-DIR', 'PARTITION', 'SIZE', 'OFFSET-LAG', 'FUTURE'],
        rows: logDirsDescribeView(results, topics).brokers.flatMap((b) =>
          b.logDirs.flatMap((d) => d.partitions.map((p) => [b.broker, d.logDir, p.partition, p.size, p.offsetLag, String(p.isFuture)])),
        ),
      }),
      json: () => logDirsDescribeView(results, topics),
    });
  } finally {
    await s.close();
  }
}
