import type { Argv } from 'yargs';
import { KafkaLabError, UsageError } from '../errors.js';
import { connectionOptions } from '../client/connection.js';
import { OUTPUT_FORMATS, out, present, type OutputFormat } from '../output/output.js';
import { defineCommand } from './types.js';
import type { ConfigEntities, EntityType } from '../admin/configs.js';

interface ConfigsArgs {
  entityType?: string[];
  entityName?: string[];
  entityDefault?: number;
  topic?: string;
  broker?: string;
  brokerDefaults?: boolean;
  brokerLogger?: string;
  user?: string;
  userDefaults?: boolean;
  client?: string;
  clientDefaults?: boolean;
  ip?: string;
  ipDefaults?: boolean;
  describe?: boolean;
  alter?: boolean;
  all?: boolean;
  force?: boolean;
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
  describe:
    "Describe and change configs of topics, brokers, users, clients and ips: quotas, SCRAM credentials (Kafka's kafka-configs: --describe, --alter --add-config/--delete-config)",
  builder: (y) =>
    connectionOptions(y)
      .option('entity-type', { type: 'string', array: true, describe: 'topics, brokers, broker-loggers, users, clients or ips (users and clients together)' })
      .option('entity-name', { type: 'string', array: true, describe: 'topic name, broker id, user principal name, client id or ip' })
      .option('entity-default', { type: 'count', describe: 'the default entity of the type (brokers: cluster-wide; users/clients/ips: default quotas)' })
      .option('topic', { type: 'string', describe: 'shorthand for --entity-type topics --entity-name T' })
      .option('broker', { type: 'string', describe: 'shorthand for --entity-type brokers --entity-name ID' })
      .option('broker-defaults', { type: 'boolean', describe: 'shorthand for --entity-type brokers --entity-default' })
      .option('broker-logger', { type: 'string', describe: 'shorthand for --entity-type broker-loggers --entity-name ID' })
      .option('user', { type: 'string', describe: 'shorthand for --entity-type users --entity-name U' })
      .option('user-defaults', { type: 'boolean', describe: 'shorthand for --entity-type users --entity-default' })
      .option('client', { type: 'string', describe: 'shorthand for --entity-type clients --entity-name C' })
      .option('client-defaults', { type: 'boolean', describe: 'shorthand for --entity-type clients --entity-default' })
      .option('ip', { type: 'string', describe: 'shorthand for --entity-type ips --entity-name IP' })
      .option('ip-defaults', { type: 'boolean', describe: 'shorthand for --entity-type ips --entity-default' })
      .option('describe', { type: 'boolean', describe: 'show configs (dynamic ones; --all for every config with its source)' })
      .option('all', { type: 'boolean', describe: 'describe: every config, defaults included, with synonyms and sources' })
      .option('alter', { type: 'boolean', describe: 'change configs' })
      .option('force', { type: 'boolean', describe: "accepted for Kafka's scripts (no prompts to suppress)" })
      .option('add-config', { type: 'string', array: true, describe: 'k=v[,k=v] (values with commas in [ ]), e.g. SCRAM-SHA-256=[password=...]' })
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
      .example('kafka-lab configs --topic orders --alter --delete-config retention.ms', 'back to the broker default')
      .example(
        "kafka-lab configs --alter --entity-type users --entity-name alice --add-config 'SCRAM-SHA-256=[iterations=8192,password=alice-secret]'",
        'a SCRAM user (the password is salted here and never printed)',
      )
      .example('kafka-lab configs --alter --entity-type clients --entity-name app --add-config producer_byte_rate=1048576', 'a produce quota of 1 MB/s')
      .example('kafka-lab configs --describe --entity-type users', "every user's quotas and SCRAM mechanisms") as unknown as Argv<ConfigsArgs>,
  handler: async (argvIn) => {
    const argv = argvIn as unknown as ConfigsArgs;
    if (Boolean(argv.describe) === Boolean(argv.alter))
      throw new UsageError('Command must include exactly one action: --describe, --alter', 'Example: kafka-lab configs --topic orders --describe');
    const c = await import('../admin/configs.js');
    const entities = c.parseConfigEntities({ ...argv, entityDefault: argv.entityDefault || undefined });
    const type = entities.types[0]!;
    if (type === 'users' || type === 'clients' || type === 'ips') return clientEntities(argv, entities);
    const name: string | undefined = entities.names[0];
    if (type === 'topics' && name) {
      const { topicNameProblem } = await import('../admin/topic-rules.js');
      const problem = topicNameProblem(name);
      if (problem)
        throw new KafkaLabError(`Topic name is invalid: ${problem}`, { hint: "Topic names use ASCII letters, digits, '.', '_' and '-'.", kind: 'usage' });
    }

    const { add, del } = await changesOf(argv);
    const { openAdmin } = await import('../client/session.js');
    const { listTopicNames } = await import('../client/admin.js');
    const s = await openAdmin(argv, ['DescribeConfigs', 'IncrementalAlterConfigs', 'Metadata']);
    try {
      if (argv.alter) {
        if (type === 'topics') {
          const topics = await s.run(listTopicNames(s.client));
          if (!topics.includes(name!)) throw new KafkaLabError(`The topic '${name}' does not exist.`, { hint: 'kafka-lab topics --list shows the topics.' });
        }
        await c.alterEntityConfigs(s, type as EntityType, name!, add, del);
        out(c.completedMessage(type as EntityType, name!));
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
      // every broker, then the cluster-wide default, as Kafka lists them
      else
        names = [
          ...(await s.run(s.client.metadata([]))).brokers
            .map((b) => b.nodeId)
            .sort((a, b) => a - b)
            .map(String),
          ...(type === 'brokers' ? [''] : []),
        ];
      const blocks: { name: string; entries: Awaited<ReturnType<typeof c.describeEntityConfigs>> }[] = [];
      for (const n of names) {
        const entries = await c.describeEntityConfigs(s, type as EntityType, n);
        const dyn = c.dynamicSourceFor(type as EntityType, n);
        blocks.push({ name: n, entries: argv.all ? entries : entries.filter((e) => e.source === dyn) });
      }
      present(argv.output, {
        text: () =>
          blocks.map((b) => [c.describeHeader(type as EntityType, b.name, Boolean(argv.all)), ...b.entries.map(c.formatConfigEntry)].join('\n')).join('\n'),
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

/** --add-config / --add-config-file / --delete-config of an --alter, as Kafka parses them. */
async function changesOf(argv: ConfigsArgs): Promise<{ add: [string, string][]; del: string[] }> {
  let add: [string, string][] = [];
  let del: string[] = [];
  if (!argv.alter) return { add, del };
  const c = await import('../admin/configs.js');
  if (argv.addConfig?.length && argv.addConfigFile) throw new UsageError('Only one of --add-config or --add-config-file must be specified', 'Use one of them.');
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
  return { add, del };
}

/** users, clients and ips: quotas (DescribeClientQuotas / AlterClientQuotas) and SCRAM credentials. */
async function clientEntities(argv: ConfigsArgs, entities: ConfigEntities): Promise<void> {
  const c = await import('../admin/configs.js');
  const { add, del } = await changesOf(argv);
  if (argv.all) throw new UsageError('--all lists topic, broker and broker-logger configs only', 'Leave out --all for users, clients and ips.');
  const change = argv.alter ? c.planClientConfigChange(entities, add, del) : undefined;
  const { openAdmin } = await import('../client/session.js');
  const quotas = await import('../client/admin-quotas.js');
  const scram = await import('../client/admin-scram.js');
  const s = await openAdmin(argv);
  try {
    if (change?.kind === 'quota') {
      if (change.ops.some((o) => o.value === null)) {
        // Kafka refuses to delete a quota that is not set on this entity
        const current = await s.run(quotas.describeClientQuotas(s.client, c.quotaMatches(entities), true), { action: 'describe quotas' });
        const set = new Set((current[0]?.values ?? []).map((v) => v.key));
        const missing = change.ops.filter((o) => o.value === null && !set.has(o.key)).map((o) => o.key);
        if (missing.length > 0)
          throw new KafkaLabError(`Invalid config(s): ${missing.join(',')}`, {
            kind: 'invalid-config',
            hint: 'Only quotas set on this entity can be deleted (kafka-lab configs --describe shows them).',
          });
      }
      await s.run(quotas.alterClientQuotas(s.client, [{ entity: c.quotaEntity(entities), ops: change.ops }]), { action: 'alter quotas' });
      out(c.completedEntityMessage(entities));
      return;
    }
    if (change?.kind === 'scram') {
      await explainScram(
        s.run(
          scram.alterUserScramCredentials(
            s.client,
            change.upsertions.map((u) => ({ user: change.user, ...u })),
            change.deletions.map((mechanism) => ({ user: change.user, mechanism })),
          ),
          { action: `alter the SCRAM credentials of user '${change.user}'` },
        ),
        change.user,
      );
      out(c.completedEntityMessage(entities));
      return;
    }
    const entries = await s.run(quotas.describeClientQuotas(s.client, c.quotaMatches(entities), true), { action: 'describe quotas' });
    // SCRAM credentials belong to users alone, never to the default user
    const withScram = !entities.types.includes('clients') && !entities.types.includes('ips') && !entities.names.includes('');
    const users = withScram
      ? (await s.run(scram.describeUserScramCredentials(s.client, entities.names.length > 0 ? entities.names : null), { action: 'describe SCRAM credentials' }))
          // Kafka leaves out users without credentials
          .filter((u) => u.errorCode !== 91)
      : [];
    const credentialsOf = (u: (typeof users)[number]) =>
      u.credentials.map((x) => ({ mechanism: scram.scramMechanismName(x.mechanism), iterations: x.iterations }));
    present(argv.output, {
      text: () =>
        [
          ...c.quotaLines(entries),
          ...users.map((u) =>
            u.errorCode === 0
              ? c.scramLine(u.user, credentialsOf(u))
              : `Error retrieving SCRAM credential configs for user-principal '${u.user}': ${u.errorMessage ?? u.errorCode}`,
          ),
        ].join('\n'),
      table: () => ({
        head: ['USER', 'CLIENT-ID', 'IP', 'CONFIG', 'VALUE'],
        rows: [
          ...entries.flatMap((e) =>
            e.values.map((v) => {
              const part = (t: string) => {
                const p = e.entity.find((x) => x.entityType === t);
                return p ? (p.entityName ?? '<default>') : '';
              };
              return [part('user'), part('client-id'), part('ip'), v.key, String(v.value)];
            }),
          ),
          ...users.flatMap((u) => credentialsOf(u).map((x) => [u.user, '', '', x.mechanism, `iterations=${x.iterations}`])),
        ],
      }),
      json: () => ({
        quotas: entries.map((e) => ({
          entity: Object.fromEntries(e.entity.map((p) => [p.entityType, p.entityName])),
          values: Object.fromEntries(e.values.map((v) => [v.key, v.value])),
        })),
        ...(withScram ? { scramCredentials: users.map((u) => ({ user: u.user, credentials: credentialsOf(u) })) } : {}),
      }),
    });
  } finally {
    await s.close();
  }
}

/** The broker's refusals of a credential change, said with what to do instead. */
async function explainScram(p: Promise<void>, user: string): Promise<void> {
  try {
    await p;
  } catch (err) {
    const cause = (err as { cause?: { type?: string; brokerMessage?: string | null } }).cause;
    if (cause?.type === 'RESOURCE_NOT_FOUND')
      throw new KafkaLabError(`user '${user}' has no such SCRAM credential to delete: ${cause.brokerMessage ?? 'not found'}`, {
        kind: 'not-found',
        hint: `kafka-lab configs --describe --entity-type users --entity-name ${user} shows its mechanisms.`,
      });
    if (cause?.type === 'UNACCEPTABLE_CREDENTIAL')
      throw new KafkaLabError(`the broker refused the credential of user '${user}': ${cause.brokerMessage ?? 'unacceptable'}`, {
        kind: 'broker',
        hint: 'Use 4096 to 16384 iterations and a non-empty password and user name.',
      });
    throw err;
  }
}
