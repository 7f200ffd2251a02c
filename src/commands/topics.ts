/**
 * kafka-topics: options become a plan (src/admin/topics-plan.ts, Kafka's checks and texts), the
 * work is src/admin/topics.ts over one admin session, and the views are Kafka's text
 * (src/format/topic-describe.ts) or kafka-lab's table and JSON.
 */
import { type TopicsPlan, TOPIC_ACTIONS, topicsPlan } from '../admin/topics-plan.js';
import { alterPartitions, createTopic, deleteTopics, describeTopics, listTopics, missingTopicError, TOPIC_APIS } from '../admin/topics.js';
import { connectionOptions } from '../client/connection.js';
import { openAdmin, type AdminSession } from '../client/session.js';
import { type ErrorKind, isKafkaLabError, KafkaLabError, withMessage } from '../errors.js';
import { isInternalTopic } from '../admin/topic-rules.js';
import { describeJson, describeLines, describeTable } from '../format/topic-describe.js';
import { OUTPUT_FORMATS, out, present, type OutputFormat } from '../output/output.js';
import { defineCommand } from './types.js';

export default defineCommand({
  command: 'topics [action] [name]',
  describe: "Create, list, describe, alter and delete topics (Kafka's kafka-topics, same flags and text)",
  builder: (y) =>
    connectionOptions(y)
      .positional('action', { choices: TOPIC_ACTIONS, describe: 'subcommand form of --create/--list/--describe/--delete/--alter' })
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
      .example("kafka-lab topics --delete --topic 'test-.*'", 'delete every topic matching a regex'),
  handler: async (argv) => {
    const plan = topicsPlan(argv);
    try {
      const s = await openAdmin(plan.connection, TOPIC_APIS);
      try {
        await runPlan(s, plan);
      } finally {
        await s.close();
      }
    } catch (err) {
      throw asTopicCommandError(err);
    }
  },
});

/** Failures that are not the topic command's own: the command line, or reaching Kafka at all. */
const NOT_TOPIC_COMMAND_FAILURES: readonly ErrorKind[] = ['usage', 'connection', 'timeout', 'authentication'];

/**
 * Kafka prints action failures as `Error while executing topic command : <message>`; we keep
 * that text (scripts grep for it) in our one-line error. Usage and connection problems stay as they are.
 */
function asTopicCommandError(err: unknown): unknown {
  if (!isKafkaLabError(err) || NOT_TOPIC_COMMAND_FAILURES.includes(err.kind)) return err;
  return withMessage(err, `Error while executing topic command : ${err.message}`);
}

async function runPlan(s: AdminSession, plan: TopicsPlan): Promise<void> {
  switch (plan.action) {
    case 'create': {
      if (plan.collisionWarning)
        out(
          "WARNING: Due to limitations in metric names, topics with a period ('.') or underscore ('_') could collide. To avoid issues it is best to use either, but not both.",
        );
      const created = await createTopic(s, {
        name: plan.topic,
        partitions: plan.partitions,
        replicationFactor: plan.replicationFactor,
        assignment: plan.assignment,
        configs: plan.configs,
        ifNotExists: plan.ifNotExists,
      });
      if (created) out(`Created topic ${plan.topic}.`);
      return;
    }
    case 'list': {
      const names = await listTopics(s, plan.topic, plan.excludeInternal);
      present(plan.format, {
        // Kafka prints one empty line when there is no topic
        text: () => (names.length === 0 ? '\n' : names.join('\n')),
        table: () => ({ head: ['TOPIC'], rows: names.map((n) => [n]) }),
        json: () => ({ topics: names }),
      });
      return;
    }
    case 'describe': {
      const names = await listTopics(s, plan.topic, plan.excludeInternal);
      if (names.length === 0 && plan.topic && !plan.ifExists) throw missingTopicError(plan.topic);
      const result = await describeTopics(s, names);
      present(plan.format, {
        text: () => describeLines(result.topics, plan.filters, result.liveBrokers).join('\n'),
        table: () => describeTable(result.topics),
        json: () => describeJson(result.topics),
      });
      return;
    }
    case 'delete': {
      const names = await listTopics(s, plan.topic, plan.excludeInternal);
      if (names.length === 0 && !plan.ifExists) throw missingTopicError(plan.topic);
      // Kafka's own tool deletes __consumer_offsets without a word (every group's committed offsets go with it)
      const internal = names.filter((n) => isInternalTopic(n));
      if (internal.length > 0 && !plan.force) throw internalTopicDeleteError(internal, plan.topic);
      await deleteTopics(s, names);
      return;
    }
    case 'alter': {
      const names = await listTopics(s, plan.topic, plan.excludeInternal);
      if (names.length === 0 && !plan.ifExists) throw missingTopicError(plan.topic);
      await alterPartitions(s, names, plan.partitions, plan.assignment);
      return;
    }
  }
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
