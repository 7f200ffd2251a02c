import { UsageError } from '../errors.js';
import { OUTPUT_FORMATS, type OutputFormat } from '../output/output.js';
import { defineCommand } from './types.js';

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
    if (!argv.action) throw new UsageError('engine needs an action: install or list', 'Example: kafka-lab engine install --version 3.9.2');
    const { out, info, spinner, present } = await import('../output/output.js');
    const engines = await import('../engine/index.js');
    if (argv.action === 'list') {
      const list = await engines.listEngines();
      const hadoop = engines.installedHadoopVersions().map((v) => ({
        kind: 'hadoop' as const,
        version: v,
        location: engines.hadoopEngine(v).libs,
        isDefault: v === engines.DEFAULT_HADOOP_VERSION,
      }));
      present(argv.output as OutputFormat | undefined, {
        text: () =>
          list.length === 0 && hadoop.length === 0
            ? `No engine installed. Install one with: kafka-lab engine install --version ${engines.DEFAULT_KAFKA_VERSION}`
            : [
                ...list.map(
                  (e) =>
                    `${e.isDefault ? '*' : ' '} ${e.version.padEnd(8)} ${(e.supportsZooKeeper ? 'zookeeper+kraft' : 'kraft only').padEnd(16)} ${e.location}`,
                ),
                ...hadoop.map((h) => `  ${h.version.padEnd(8)} ${'hadoop (hdfs)'.padEnd(16)} ${h.location}`),
              ].join('\n'),
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
    const positional = argv.engineVersion as string | undefined;
    if (positional && argv.version && positional !== argv.version)
      throw new UsageError(`two versions given: ${positional} and --version ${argv.version}`, 'Give the version once.');
    if (argv.hadoop) {
      const hv = String(argv.version ?? positional ?? engines.DEFAULT_HADOOP_VERSION);
      const spin = await spinner(`installing Hadoop ${hv} (HDFS) from Maven Central`);
      try {
        const r = await engines.installHadoopEngine(hv, { onProgress: (t) => spin.update(`installing Hadoop ${hv}: ${t}`) });
        spin.stop();
        if (!r.installed) info(`Hadoop ${hv} is already installed`);
        out(`Hadoop ${hv}: ${r.jars} jars in ${r.location}`);
      } catch (err) {
        spin.fail(`installing Hadoop ${hv} failed`);
        throw err;
      }
      return;
    }
    const version = String(argv.version ?? positional ?? engines.DEFAULT_KAFKA_VERSION);
    const spin = await spinner(`installing Kafka ${version} from Maven Central`);
    try {
      const r = await engines.installEngine(version, { onProgress: (t) => spin.update(`installing Kafka ${version}: ${t}`) });
      spin.stop();
      if (!r.installed) info(`Kafka ${version} is already installed`);
      out(`Kafka ${version}: ${r.jars} jars in ${r.location}`);
    } catch (err) {
      spin.fail(`installing Kafka ${version} failed`);
      throw err;
    }
  },
});
