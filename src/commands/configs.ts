import type { Argv } from 'yargs';
import { KafkaLabError, UsageError } from '../errors.js';
import { connectionOptions } from '../client/connection.js';
import { OUTPUT_FORMATS, out, present, type OutputFormat } from '../output/output.js';
import { defineCommand } from './types.js';

interface ConfigsArgs {
  entityType?: string;
  entityName?: string;
  entityDefault?: boolean;
  topic?: string;
  broker?: string;
  brokerDefaults?: boolean;
  describe?: boolean;
  alter?: boolean;
  all?: boolean;
  addConfig?: string[];
  addConfigFile?: string;
  deleteConfig?: string[];
  output?: OutputFormat;
  bootstrapServer?: string;
  commandConfig?: string;
  timeout?: number;
}

export default defineCommand({
  command: 'configs',
  describe: "Describe and change topic and broker configs (Kafka's kafka-configs: --describe, --alter --add-config/--delete-config)",
  builder: (y) =>
    connectionOptions(y)
      .option('entity-type', { choices: ['topics', 'brokers', 'broker-loggers'], describe: 'what to configure' })
      .option('entity-name', { type: 'string', describe: 'topic name or broker id' })
      .option('entity-default', { type: 'boolean', describe: 'the cluster-wide broker default' })
      .option('topic', { type: 'string', describe: 'shorthand for --entity-type topics --entity-name T' })
      .option('broker', { type: 'string', describe: 'shorthand for --entity-type brokers --entity-name ID' })
      .option('broker-defaults', { type: 'boolean', describe: 'shorthand for --entity-type brokers --entity-default' })
      .option('describe', { type: 'boolean', describe: 'show configs (dynamic ones; --all for every config with its source)' })
      .option('all', { type: 'boolean', describe: 'describe: every config, defaults included, with synonyms and sources' })
      .option('alter', { type: 'boolean', describe: 'change configs' })
      .option('add-config', { type: 'string', array: true, describe: 'k=v[,k=v] (values with commas in [ ])' })
      .option('add-config-file', { type: 'string', describe: 'properties file of configs to set' })
      .option('delete-config', { type: 'string', array: true, describe: 'config names to remove (comma list)' })
      .option('output', { alias: 'o', choices: OUTPUT_FORMATS, default: 'text' as OutputFormat, describe: 'describe output: text (Kafka), table, json' })
      .example(
        'kafka-lab configs --bootstrap-server localhost:9092 --entity-type topics --entity-name orders --alter --add-config retention.ms=86400000',
        'keep one day',
      )
      .example(
        'kafka-lab configs --entity-type topics --entity-name orders --describe --all',
        'every config with its source (retention.ms=604800000 is the 168 h default)',
      )
      .example('kafka-lab configs --topic orders --alter --delete-config retention.ms', 'back to the broker default') as unknown as Argv<ConfigsArgs>,
  handler: async (argvIn) => {
    const argv = argvIn as unknown as ConfigsArgs;
    let type = argv.entityType as 'topics' | 'brokers' | 'broker-loggers' | undefined;
    let name = argv.entityName;
    if (argv.topic !== undefined) {
      type = 'topics';
      name = argv.topic;
    }
    if (argv.broker !== undefined) {
      type = 'brokers';
      name = argv.broker;
    }
    if (argv.brokerDefaults || argv.entityDefault) {
      type = type ?? 'brokers';
      name = '';
    }
    if (!type)
      throw new UsageError('Missing required argument "[entity-type]"', 'Example: kafka-lab configs --entity-type topics --entity-name orders --describe');
    if (Boolean(argv.describe) === Boolean(argv.alter))
      throw new UsageError('Command must include exactly one action: --describe, --alter', 'Example: kafka-lab configs --topic orders --describe');
    if (type !== 'topics' && name === undefined && argv.alter)
      throw new UsageError('an entity name must be specified with --alter of brokers', 'Use --entity-name <broker id> or --entity-default.');
    const c = await import('../admin/configs.js');
    if (type === 'topics' && name) {
      const { topicNameProblem } = await import('../admin/topic-rules.js');
      const problem = topicNameProblem(name);
      if (problem)
        throw new KafkaLabError(`Topic name is invalid: ${problem}`, { hint: "Topic names use ASCII letters, digits, '.', '_' and '-'.", kind: 'usage' });
    }

    let add: [string, string][] = [];
    let del: string[] = [];
    if (argv.alter) {
      if (argv.addConfig?.length && argv.addConfigFile)
        throw new UsageError('Only one of --add-config or --add-config-file must be specified', 'Use one of them.');
      try {
        for (const a of argv.addConfig ?? []) add.push(...c.parseAddConfig(a));
      } catch (err) {
        throw new UsageError((err as Error).message, 'Example: --add-config retention.ms=86400000,cleanup.policy=[compact,delete]');
      }
      if (argv.addConfigFile) {
        const { readPropertiesFile } = await import('../config/properties.js');
        add = [...readPropertiesFile(argv.addConfigFile, '--add-config-file').toMap()];
      }
      del = (argv.deleteConfig ?? [])
        .flatMap((d) => d.split(','))
        .map((d) => d.trim())
        .filter(Boolean);
      if (add.length === 0 && del.length === 0)
        throw new UsageError(
          'At least one of --add-config, --add-config-file, or --delete-config must be specified with --alter',
          'Example: --add-config retention.ms=86400000',
        );
    }

    const { openAdmin } = await import('../client/session.js');
    const { listTopicNames } = await import('../client/admin.js');
    const s = await openAdmin(argv, ['DescribeConfigs', 'IncrementalAlterConfigs', 'Metadata']);
    try {
      if (argv.alter) {
        if (type === 'topics') {
          const topics = await s.run(listTopicNames(s.client));
          if (!topics.includes(name!)) throw new KafkaLabError(`The topic '${name}' does not exist.`, { hint: 'kafka-lab topics --list shows the topics.' });
        }
        await c.alterEntityConfigs(s, type, name!, add, del);
        out(c.completedMessage(type, name!));
        return;
      }
      let names: string[];
      if (name !== undefined) {
        if (type === 'topics') {
          const topics = await s.run(listTopicNames(s.client));
          if (!topics.includes(name)) throw new KafkaLabError(`The topic '${name}' does not exist.`, { hint: 'kafka-lab topics --list shows the topics.' });
        }
        names = [name];
      } else if (type === 'topics') names = (await s.run(listTopicNames(s.client))).sort();
      else
        names = (await s.run(s.client.metadata([]))).brokers
          .map((b) => b.nodeId)
          .sort((a, b) => a - b)
          .map(String);
      const blocks: { name: string; entries: Awaited<ReturnType<typeof c.describeEntityConfigs>> }[] = [];
      for (const n of names) {
        const entries = await c.describeEntityConfigs(s, type, n);
        const dyn = c.dynamicSourceFor(type, n);
        blocks.push({ name: n, entries: argv.all ? entries : entries.filter((e) => e.source === dyn) });
      }
      present(argv.output, {
        text: () => blocks.map((b) => [c.describeHeader(type!, b.name, Boolean(argv.all)), ...b.entries.map(c.formatConfigEntry)].join('\n')).join('\n'),
        table: () => ({
          head: ['ENTITY', 'NAME', 'VALUE', 'SOURCE', 'SENSITIVE', 'READ-ONLY'],
          rows: blocks.flatMap((b) =>
            b.entries.map((e) => [b.name || '<default>', e.name, e.sensitive ? '(sensitive)' : e.value, e.source, String(e.sensitive), String(e.readOnly)]),
          ),
        }),
        json: () => ({
          entityType: type,
          entities: blocks.map((b) => ({
            name: b.name,
            configs: b.entries.map((e) => ({
              name: e.name,
              value: e.sensitive ? null : e.value,
              source: e.source,
              sensitive: e.sensitive,
              readOnly: e.readOnly,
              synonyms: e.synonyms,
            })),
          })),
        }),
      });
    } finally {
      await s.close();
    }
  },
});
