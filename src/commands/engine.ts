import {
  DEFAULT_HADOOP_VERSION,
  DEFAULT_KAFKA_VERSION,
  type EngineInfo,
  hadoopEngine,
  installedHadoopVersions,
  installEngine,
  installHadoopEngine,
  listEngines,
} from '../engine/index.js';
import { UsageError } from '../errors.js';
import { OUTPUT_FORMATS, info, out, present, spinner, type OutputFormat } from '../output/output.js';
import { defineCommand } from './types.js';

export type EnginePlan = { action: 'list'; format?: OutputFormat } | { action: 'install'; version: string; hadoop?: boolean };

export function enginePlan(argv: {
  action?: 'install' | 'list';
  engineVersion?: string;
  version?: string;
  output?: OutputFormat;
  hadoop?: boolean;
}): EnginePlan {
  if (!argv.action) throw new UsageError('engine needs an action: install or list', 'Example: kafka-lab engine install --version 3.9.2');
  if (argv.action === 'list') return { action: 'list', format: argv.output };
  if (argv.engineVersion && argv.version && argv.engineVersion !== argv.version)
    throw new UsageError(`two versions given: ${argv.engineVersion} and --version ${argv.version}`, 'Give the version once.');
  if (argv.hadoop) return { action: 'install', version: String(argv.version ?? argv.engineVersion ?? DEFAULT_HADOOP_VERSION), hadoop: true };
  return { action: 'install', version: String(argv.version ?? argv.engineVersion ?? DEFAULT_KAFKA_VERSION) };
}

interface HadoopListing {
  kind: 'hadoop';
  version: string;
  location: string;
  isDefault: boolean;
}

function listText(list: EngineInfo[], hadoop: HadoopListing[]): string {
  if (list.length === 0 && hadoop.length === 0) return `No engine installed. Install one with: kafka-lab engine install --version ${DEFAULT_KAFKA_VERSION}`;
  return [
    ...list.map(
      (e) => `${e.isDefault ? '*' : ' '} ${e.version.padEnd(8)} ${(e.supportsZooKeeper ? 'zookeeper+kraft' : 'kraft only').padEnd(16)} ${e.location}`,
    ),
    ...hadoop.map((h) => `  ${h.version.padEnd(8)} ${'hadoop (hdfs)'.padEnd(16)} ${h.location}`),
  ].join('\n');
}

export default defineCommand({
  command: 'engine [action] [engine-version]',
  describe: 'Install Apache Kafka from Maven Central, or list installed engines',
  builder: (y) =>
    y
      .positional('action', { choices: ['install', 'list'] as const, describe: 'install a Kafka version, or list the installed ones' })
      .positional('engine-version', { type: 'string', describe: 'Kafka version to install (same as --version)' })
      .option('version', { type: 'string', describe: 'Kafka version to install (default: 3.9.2, the newest with ZooKeeper mode)' })
      .option('hadoop', { type: 'boolean', describe: 'install the hadoop engine (HDFS) instead: --version is then a Hadoop version (default 3.4.1)' })
      .option('output', { choices: OUTPUT_FORMATS, describe: 'engine list: text, table or json' })
      .example('kafka-lab engine install', 'Kafka 3.9.2 into ~/.kafka-lab/engines (needs Maven and Java)')
      .example('kafka-lab engine install --version 4.1.2', 'a KRaft-only 4.x engine next to it')
      .example('kafka-lab engine install --hadoop', 'the hadoop engine for kafka-lab hdfs (HDFS 3.4.1)')
      .example('kafka-lab engine list', 'installed engines and the default one'),
  handler: async (argv) => {
    const plan = enginePlan(argv);
    if (plan.action === 'list') {
      const list = await listEngines();
      const hadoop: HadoopListing[] = installedHadoopVersions().map((v) => ({
        kind: 'hadoop',
        version: v,
        location: hadoopEngine(v).libs,
        isDefault: v === DEFAULT_HADOOP_VERSION,
      }));
      present(plan.format, {
        text: () => listText(list, hadoop),
        table: () => ({
          head: ['default', 'version', 'modes', 'location'],
          rows: [
            ...list.map((e) => [e.isDefault ? '*' : '', e.version, e.supportsZooKeeper ? 'zookeeper+kraft' : 'kraft only', e.location]),
            ...hadoop.map((h) => ['', h.version, 'hadoop (hdfs)', h.location]),
          ],
        }),
        json: () => [...list, ...hadoop],
      });
      return;
    }
    const { version } = plan;
    const what = plan.hadoop ? `Hadoop ${version} (HDFS)` : `Kafka ${version}`;
    const spin = await spinner(`installing ${what} from Maven Central`);
    try {
      const r = plan.hadoop
        ? await installHadoopEngine(version, { onProgress: (t) => spin.update(`installing ${what}: ${t}`) })
        : await installEngine(version, { onProgress: (t) => spin.update(`installing ${what}: ${t}`) });
      spin.stop();
      const name = plan.hadoop ? `Hadoop ${version}` : `Kafka ${version}`;
      if (!r.installed) info(`${name} is already installed`);
      out(`${name}: ${r.jars} jars in ${r.location}`);
    } catch (err) {
      spin.fail(`installing ${what} failed`);
      throw err;
    }
  },
});
