import type { Argv } from 'yargs';
import { KafkaLabError, UsageError } from '../errors.js';
import { connectionOptions } from '../client/connection.js';
import { OUTPUT_FORMATS, out, present, type OutputFormat } from '../output/output.js';
import { defineCommand } from './types.js';

const ACTIONS = ['create', 'list', 'describe', 'delete', 'alter'] as const;
type Action = (typeof ACTIONS)[number];

interface TopicsArgs {
  action?: string;
  name?: string;
  create?: boolean;
  list?: boolean;
  describe?: boolean;
  delete?: boolean;
  force?: boolean;
  alter?: boolean;
  topic?: string;
  partitions?: number;
  replicationFactor?: number;
  config?: string[];
  replicaAssignment?: string;
  ifNotExists?: boolean;
  ifExists?: boolean;
  excludeInternal?: boolean;
  underReplicatedPartitions?: boolean;
  unavailablePartitions?: boolean;
  underMinIsrPartitions?: boolean;
  atMinIsrPartitions?: boolean;
  topicsWithOverrides?: boolean;
  output?: OutputFormat;
  bootstrapServer?: string;
  commandConfig?: string;
  timeout?: number;
}

/** Kafka's form (--create ...) or a subcommand (create ...): exactly one action. */
export function pickAction(a: TopicsArgs): Action {
  const flagged = ACTIONS.filter((x) => a[x]);
  const positional = a.action as Action | undefined;
  const all = [...new Set([...flagged, ...(positional ? [positional] : [])])];
  if (all.length !== 1) {
    throw new UsageError(
      'Command must include exactly one action: --list, --describe, --create, --alter or --delete',
      'Example: kafka-lab topics --list, or kafka-lab topics create orders -p 3 -r 1',
    );
  }
  return all[0]!;
}

export default defineCommand({
  command: 'topics [action] [name]',
  describe: "Create, list, describe, alter and delete topics (Kafka's kafka-topics, same flags and text)",
  builder: (y) =>
    connectionOptions(y)
      .positional('action', { choices: ACTIONS, describe: 'subcommand form of --create/--list/--describe/--delete/--alter' })
      .positional('name', { type: 'string', describe: 'topic (same as --topic)' })
      .option('create', { type: 'boolean', describe: 'create a topic' })
      .option('list', { type: 'boolean', describe: 'list topic names' })
      .option('describe', { type: 'boolean', describe: 'describe topics (partitions, leaders, replicas, ISR, configs)' })
      .option('delete', { type: 'boolean', describe: 'delete topics' })
      .option('alter', { type: 'boolean', describe: 'add partitions to topics' })
      .option('topic', { type: 'string', describe: 'topic name (create) or regex, comma list allowed (others)' })
      .option('partitions', { alias: 'p', type: 'number', describe: 'number of partitions (create, alter)' })
      .option('replication-factor', { alias: 'r', type: 'number', describe: 'replicas per partition (create)' })
      .option('config', { alias: 'c', type: 'string', array: true, describe: 'topic config override k=v (create; repeatable)' })
      .option('replica-assignment', { type: 'string', describe: 'broker ids per partition, e.g. 0:1,1:2 (create, alter)' })
      .option('if-not-exists', { type: 'boolean', describe: 'create: do nothing if the topic exists' })
      .option('if-exists', { type: 'boolean', describe: 'alter/delete/describe: do nothing if no topic matches' })
      .option('force', { type: 'boolean', describe: 'delete: also Kafka-internal topics (__consumer_offsets, __transaction_state)' })
      .option('exclude-internal', { type: 'boolean', describe: 'hide internal topics (__consumer_offsets ...)' })
      .option('under-replicated-partitions', { type: 'boolean', describe: 'describe: partitions whose ISR is smaller than the replicas' })
      .option('unavailable-partitions', { type: 'boolean', describe: 'describe: partitions without a live leader' })
      .option('under-min-isr-partitions', { type: 'boolean', describe: 'describe: partitions whose ISR is below min.insync.replicas' })
      .option('at-min-isr-partitions', { type: 'boolean', describe: 'describe: partitions whose ISR equals min.insync.replicas' })
      .option('topics-with-overrides', { type: 'boolean', describe: 'describe: only topics with config overrides' })
      .option('output', { alias: 'o', choices: OUTPUT_FORMATS, describe: 'list/describe output: text (Kafka), table, json', default: 'text' as OutputFormat })
      .option('partition-size-limit-per-response', { type: 'number', describe: "accepted for compatibility with Kafka's tool (no paging needed here)" })
      .example('kafka-lab topics --create --topic quickstart-events --bootstrap-server localhost:9092', "Kafka's form")
      .example('kafka-lab topics create orders -p 3 -r 1 -c retention.ms=86400000', 'subcommand form')
      .example('kafka-lab topics describe orders --output json', 'partitions, leaders and configs as JSON')
      .example("kafka-lab topics --delete --topic 'test-.*'", 'delete every topic matching a regex') as unknown as Argv<TopicsArgs>,
  handler: async (argvIn) => {
    const argv = argvIn as unknown as TopicsArgs;
    const action = pickAction(argv);
    if (argv.name && argv.topic && argv.name !== argv.topic)
      throw new UsageError(`two topics given: '${argv.name}' and --topic '${argv.topic}'`, 'Give the topic once.');
    const topicArg = argv.name ?? argv.topic;
    const reportFlags = {
      underReplicated: argv.underReplicatedPartitions,
      unavailable: argv.unavailablePartitions,
      underMinIsr: argv.underMinIsrPartitions,
      atMinIsr: argv.atMinIsrPartitions,
      topicsWithOverrides: argv.topicsWithOverrides,
    };
    if (action !== 'describe' && Object.values(reportFlags).some(Boolean))
      throw new UsageError(
        'the report options (--under-replicated-partitions ...) work only with --describe',
        'Example: kafka-lab topics --describe --under-replicated-partitions',
      );
    if (action !== 'create' && argv.config?.length)
      throw new UsageError(
        `Option "[config]" can't be used with option "[${action}]"`,
        'To change topic configs use kafka-lab configs --alter --entity-type topics --entity-name <t> --add-config k=v',
      );
    if (action !== 'create' && argv.replicationFactor !== undefined)
      throw new UsageError(
        `Option "[replication-factor]" can't be used with option "[${action}]"`,
        'The replication factor is set at creation (kafka-reassign-partitions changes it later).',
      );

    const rules = await import('../admin/topic-rules.js');
    let assignment: number[][] | undefined;
    if (argv.replicaAssignment) {
      if (action === 'create' && (argv.partitions !== undefined || argv.replicationFactor !== undefined)) {
        throw new UsageError(
          '--replica-assignment cannot be combined with --partitions or --replication-factor on create',
          'The assignment gives both: 0:1,1:2 is 2 partitions of 2 replicas.',
        );
      }
      try {
        assignment = rules.parseReplicaAssignment(argv.replicaAssignment);
      } catch (err) {
        throw new UsageError((err as Error).message, 'Format: broker ids per partition, colon-separated, partitions comma-separated: 0:1,1:2');
      }
    }
    const configs: [string, string][] = [];
    if (argv.config) {
      for (const item of argv.config) {
        const m = /^\s*([^=]+?)\s*=\s*(.*)$/.exec(item);
        if (!m)
          throw new UsageError(
            'requirement failed: Invalid topic config: all configs to be added must be in the format "key=val".',
            'Example: --config retention.ms=86400000',
          );
        configs.push([m[1]!, m[2]!]);
      }
    }
    if ((action === 'create' || action === 'delete' || action === 'alter') && !topicArg)
      throw new UsageError('Missing required argument "[topic]"', `Example: kafka-lab topics ${action} my-topic`);
    if (action === 'alter' && argv.partitions === undefined)
      throw new UsageError('Missing required argument "[partitions]"', 'Example: kafka-lab topics alter my-topic --partitions 6');
    try {
      await runAction(argv, action, topicArg, assignment, configs, reportFlags, rules);
    } catch (err) {
      throw asTopicCommandError(err);
    }
  },
});

/**
 * Kafka prints action failures as `Error while executing topic command : <message>`; we keep
 * that text (scripts grep for it) in our one-line error. Connection problems stay as they are.
 */
function asTopicCommandError(err: unknown): unknown {
  if (!(err instanceof KafkaLabError) || (err.exitCode === 2 && !err.message.startsWith('Topic name is invalid'))) return err;
  if (/^(cannot connect|could not|authentication failed|request to Kafka)/.test(err.message)) return err;
  return new KafkaLabError(`Error while executing topic command : ${err.message}`, {
    hint: err.hint,
    exitCode: err.exitCode,
    cause: err.cause,
    details: err.details,
  });
}

/** Deleting a Kafka-internal topic loses state every client depends on: never without --force. */
export function internalTopicDeleteError(internal: string[], topicArg: string): KafkaLabError {
  const what = internal.join(', ');
  return new KafkaLabError(
    `${what} ${internal.length === 1 ? 'is' : 'are'} internal to Kafka: deleting ${internal.length === 1 ? 'it' : 'them'} loses ${internal.includes('__consumer_offsets') ? "every consumer group's committed offsets" : 'the state Kafka keeps there'}`,
    {
      kind: 'usage',
      hint:
        topicArg === what
          ? `If you really mean it, add --force (kafka-lab topics --delete --topic ${topicArg} --force).`
          : 'Add --exclude-internal to leave them out, or --force to delete them too.',
    },
  );
}

async function runAction(
  argv: TopicsArgs,
  action: Action,
  topicArg: string | undefined,
  assignment: number[][] | undefined,
  configs: [string, string][],
  reportFlags: import('../format/topic-describe.js').DescribeFilters,
  rules: typeof import('../admin/topic-rules.js'),
): Promise<void> {
  if (action === 'create') assertTopicName(topicArg!, rules);

  const { openAdmin } = await import('../client/session.js');
  const t = await import('../admin/topics.js');
  const s = await openAdmin(argv, t.TOPIC_APIS);
  try {
    switch (action) {
      case 'create': {
        const name = topicArg!;
        if (rules.hasCollisionChars(name))
          out(
            "WARNING: Due to limitations in metric names, topics with a period ('.') or underscore ('_') could collide. To avoid issues it is best to use either, but not both.",
          );
        const created = await t.createTopic(s, {
          name,
          partitions: argv.partitions,
          replicationFactor: argv.replicationFactor,
          assignment,
          configs,
          ifNotExists: Boolean(argv.ifNotExists),
        });
        if (created) out(`Created topic ${name}.`);
        return;
      }
      case 'list': {
        const names = await t.listTopics(s, topicArg, Boolean(argv.excludeInternal));
        present(argv.output, {
          // Kafka prints one empty line when there is no topic
          text: () => (names.length === 0 ? '\n' : names.join('\n')),
          table: () => ({ head: ['TOPIC'], rows: names.map((n) => [n]) }),
          json: () => ({ topics: names }),
        });
        return;
      }
      case 'describe': {
        const names = await t.listTopics(s, topicArg, Boolean(argv.excludeInternal));
        if (names.length === 0 && topicArg && !argv.ifExists) throw t.missingTopicError(topicArg);
        const { describeTopics } = t;
        const result = await describeTopics(s, names);
        const fmt = await import('../format/topic-describe.js');
        present(argv.output, {
          text: () => fmt.describeLines(result.topics, reportFlags, result.liveBrokers).join('\n'),
          table: () => ({
            head: ['TOPIC', 'PARTITION', 'LEADER', 'REPLICAS', 'ISR', 'CONFIGS'],
            rows: [...result.topics]
              .sort((a, b) => a.name.localeCompare(b.name))
              .flatMap((tp) =>
                [...tp.partitions]
                  .sort((a, b) => a.partition - b.partition)
                  .map((p) => [
                    tp.name,
                    p.partition,
                    p.leader >= 0 ? p.leader : 'none',
                    p.replicas.join(','),
                    p.isr.join(','),
                    tp.configs.map(([k, v]) => `${k}=${v}`).join(','),
                  ]),
              ),
          }),
          json: () => ({
            topics: [...result.topics]
              .sort((a, b) => a.name.localeCompare(b.name))
              .map((tp) => ({
                name: tp.name,
                topicId: tp.topicId || null,
                internal: Boolean(tp.isInternal),
                partitionCount: tp.partitions.length,
                replicationFactor: tp.partitions.length ? fmt.replicationFactor(tp.partitions[0]!) : 0,
                configs: Object.fromEntries(tp.configs),
                partitions: [...tp.partitions]
                  .sort((a, b) => a.partition - b.partition)
                  .map((p) => ({ partition: p.partition, leader: p.leader >= 0 ? p.leader : null, replicas: p.replicas, isr: p.isr })),
              })),
          }),
        });
        return;
      }
      case 'delete': {
        const names = await t.listTopics(s, topicArg, Boolean(argv.excludeInternal));
        if (names.length === 0 && !argv.ifExists) throw t.missingTopicError(topicArg!);
        // Kafka's own tool deletes __consumer_offsets without a word (every group's committed offsets go with it)
        const internal = names.filter((n) => rules.isInternalTopic(n));
        if (internal.length > 0 && !argv.force) throw internalTopicDeleteError(internal, topicArg!);
        await t.deleteTopics(s, names);
        return;
      }
      case 'alter': {
        const names = await t.listTopics(s, topicArg, Boolean(argv.excludeInternal));
        if (names.length === 0 && !argv.ifExists) throw t.missingTopicError(topicArg!);
        await t.alterPartitions(s, names, argv.partitions!, assignment);
        return;
      }
    }
  } finally {
    await s.close();
  }
}

function assertTopicName(name: string, rules: typeof import('../admin/topic-rules.js')): void {
  const problem = rules.topicNameProblem(name);
  if (problem)
    throw new KafkaLabError(`Topic name is invalid: ${problem}`, {
      hint: "Topic names use ASCII letters, digits, '.', '_' and '-', at most 249 characters.",
      kind: 'usage',
    });
}
