import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { KafkaLabError, UsageError } from '../errors.js';
import { OUTPUT_FORMATS, present, type OutputFormat } from '../output/output.js';
import { connectionOptions } from '../client/connection.js';
import { defineCommand } from './types.js';

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
    const { brokerRetention, withTopicOverrides, scanLogDir, oldestSegmentRetention, KAFKA_DEFAULTS } = await import('../log/log-dirs.js');
    const { readPropertiesFile } = await import('../config/properties.js');
    const { logDirsText, logDirsJson, partitionRow, HEAD } = await import('../format/log-dirs.js');
    type View = import('../format/log-dirs.js').BrokerLogDirView;

    const targets: { broker: string; logDir: string; props: Map<string, string> }[] = [];
    let zookeeper: string | undefined;
    if (argv.logDir && argv.logDir.length > 0) {
      if (argv.dir) throw new UsageError('use either --dir (a lab) or --log-dir (one broker log dir), not both', 'kafka-lab log-dirs --help');
      const props = argv.config ? readPropertiesFile(argv.config, 'broker config file').toMap() : new Map<string, string>();
      zookeeper = props.get('zookeeper.connect');
      for (const d of argv.logDir.map(String)) {
        if (!existsSync(d))
          throw new KafkaLabError(`log dir ${d} does not exist`, {
            kind: 'not-found',
            hint: "It is log.dirs in the broker's server.properties (default /tmp/kafka-logs).",
          });
        targets.push({ broker: argv.config ? `broker (${argv.config})` : 'log dir', logDir: resolve(d), props });
      }
    } else {
      const { readLab } = await import('../cluster/lab.js');
      const { interpretServerConfig } = await import('../config/server-config.js');
      const lab = readLab(argv.dir);
      if (lab.manifest.zookeeper) zookeeper = `${lab.manifest.zookeeper.host}:${lab.manifest.zookeeper.port}`;
      for (const node of lab.manifest.nodes) {
        const path = join(lab.dir, node.configFile);
        const props = existsSync(path) ? readPropertiesFile(path, 'broker config file').toMap() : new Map<string, string>();
        const dirs = props.size > 0 ? interpretServerConfig(props, path).logDirs : [node.logDir];
        for (const d of dirs) targets.push({ broker: `broker ${node.id}`, logDir: resolve(lab.dir, d), props });
      }
    }

    const scanned = targets.map((t) => ({ ...t, parts: scanLogDir(t.logDir).filter((p) => !argv.topic || p.topic === argv.topic) }));
    const topics = [...new Set(scanned.flatMap((s) => s.parts.map((p) => p.topic)))];
    const overrides = argv.topicConfigs && zookeeper && topics.length > 0 ? await topicOverrides(zookeeper, topics) : new Map<string, Map<string, string>>();
    const now = Date.now();
    const views: View[] = scanned.map((s) => {
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
    if (argv.topic && views.every((v) => v.partitions.length === 0)) {
      throw new KafkaLabError(`no partition folders of topic '${argv.topic}' in ${targets.map((t) => t.logDir).join(', ')}`, {
        kind: 'not-found',
        hint: 'A partition folder appears on the brokers that host a replica once the topic exists.',
      });
    }
    present(argv.output as OutputFormat, {
      text: () => logDirsText(views),
      table: () => ({ head: ['BROKER', ...HEAD], rows: views.flatMap((v) => v.partitions.map((p) => [v.broker, ...partitionRow(p)])) }),
      json: () => logDirsJson(views),
    });
  },
});

/** Topic configs from ZooKeeper (/config/topics/<topic>); quietly none when ZooKeeper does not answer fast. */
async function topicOverrides(zookeeper: string, topics: string[]): Promise<Map<string, Map<string, string>>> {
  const result = new Map<string, Map<string, string>>();
  const { ZkClient } = await import('../zk/client.js');
  let zk: import('../zk/client.js').ZkClient | undefined;
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
  const { openAdmin } = await import('../client/session.js');
  const { describeLogDirs } = await import('../client/admin-cluster.js');
  const f = await import('../format/log-dirs-describe.js');
  const s = await openAdmin({ ...argv, commandConfig: argv.commandConfig });
  try {
    const meta = await s.run(s.client.metadata([]));
    const cluster = meta.brokers.map((b) => b.nodeId);
    const missing = asked.filter((b) => !cluster.includes(b));
    if (missing.length > 0)
      throw new KafkaLabError(
        `The given brokers do not exist from --broker-list: ${f.brokerSetText(missing)}. Current existent brokers: ${f.brokerSetText(cluster)}`,
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
      text: () => f.logDirsDescribeText(results, topics).replace(/\n$/, ''),
      table: () => ({
        head: ['BROKER', 'LOG-DIR', 'PARTITION', 'SIZE', 'OFFSET-LAG', 'FUTURE'],
        rows: f
          .logDirsDescribeView(results, topics)
          .brokers.flatMap((b) =>
            b.logDirs.flatMap((d) => d.partitions.map((p) => [b.broker, d.logDir, p.partition, p.size, p.offsetLag, String(p.isFuture)])),
          ),
      }),
      json: () => f.logDirsDescribeView(results, topics),
    });
  } finally {
    await s.close();
  }
}
