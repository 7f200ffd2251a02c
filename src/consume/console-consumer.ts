/**
 * The console consumer's work: connect, find the topics, read them with the runner, write
 * records through the output layer, and end like Kafka's tool ("Processed a total of N
 * messages" on stderr), on Ctrl-C too (exit 130).
 */
import { listTopicNames } from '../client/admin.js';
import { openClient, resolveConnection, withTimeout } from '../client/connection.js';
import { BrokerError, principalOf, translateKafkaError, type ErrorContext } from '../client/errors.js';
import { CONSUMER_APIS } from '../client/api-versions.js';
import { assertApiSupport } from '../client/session.js';
import { KafkaLabError } from '../errors.js';
import { hints } from '../hints.js';
import { currentIo, info, setExitCode, warn } from '../output/output.js';
import { recordOutput } from '../output/record-output.js';
import { CONSUMER_KEYS, type ConsumerPlan } from './console-consumer-plan.js';
import { ConsoleConsumerRun } from './runner.js';

export async function runConsoleConsumer(plan: ConsumerPlan): Promise<void> {
  const output = await recordOutput(plan.format, plan.formatterProperties, currentIo().stdout);
  const conn = await resolveConnection({
    ...plan.connection,
    extraProperties: [{ source: '--consumer.config/--consumer-property', properties: plan.consumerProperties }],
    allowProperty: (k) => CONSUMER_KEYS.has(k),
  });
  const client = await openClient(conn);
  let processed = 0;
  let interrupted = false;
  let run: ConsoleConsumerRun | undefined;
  const onSignal = () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    run?.stop('interrupted');
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    await withTimeout(assertApiSupport(client, CONSUMER_APIS), conn);
    const topics = await withTimeout(resolveTopics(plan), conn, 'list topics');
    run = new ConsoleConsumerRun({
      client,
      topics,
      group: plan.group,
      partitions: plan.partition !== undefined ? [plan.partition] : undefined,
      plan: plan.offsets,
      defaultStart: plan.defaultStart,
      maxMessages: plan.maxMessages,
      idleTimeoutMs: plan.idleTimeoutMs,
      untilEnd: plan.untilEnd,
      tail: plan.tail,
      readCommitted: plan.readCommitted,
      settings: plan.settings,
      output,
      skipOnError: (err, _t, partition, offset) => {
        const where = `partition ${partition} offset ${offset}`;
        if (!plan.skipMessageOnError) return false;
        info(`Error processing message, skipping this message: ${err.message} (${where})`);
        return true;
      },
      onWarning: (m) => warn(m),
    });
    output.writer.whenClosed(() => run?.stop('output-closed'));
    if (interrupted) run.stop('interrupted');
    const result = await run.run();
    processed = result.processed;
    if (result.reason === 'output-closed') info('Unable to write to standard out, closing consumer.');
    if (result.reason === 'error' && result.error) {
      await output.writer.drained();
      info(`Processed a total of ${processed} messages`);
      throw explain(result.error, {
        brokers: conn.brokers,
        group: plan.group,
        topic: topics.length === 1 ? topics[0] : undefined,
        principal: principalOf(conn.settings),
      });
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await output.writer.drained();
    await client.close();
  }
  info(`Processed a total of ${processed} messages`);
  if (interrupted) setExitCode(130);

  async function resolveTopics(p: ConsumerPlan): Promise<string[]> {
    if (p.topic) {
      const meta = await client.metadata([p.topic]);
      const code = meta.topics[0]?.errorCode ?? 3;
      // without Describe on the topic the broker answers as if it did not exist only when told so
      if (code !== 0 && code !== 3)
        throw translateKafkaError(new BrokerError(code, null, p.topic), {
          topic: p.topic,
          group: p.group,
          action: 'consume',
          principal: principalOf(conn.settings),
        });
      if (code !== 0) {
        throw new KafkaLabError(`topic '${p.topic}' does not exist`, {
          kind: 'not-found',
          hint: `kafka-lab topics --list shows the topics; create it with kafka-lab topics --create --topic ${p.topic}`,
        });
      }
      return [p.topic];
    }
    const matched = (await listTopicNames(client)).filter((t) => p.include!.test(t) && !t.startsWith('__')).sort();
    if (matched.length === 0) throw new KafkaLabError(`no topic matches --include '${p.includeText}'`, { kind: 'not-found', hint: hints.topicsList });
    return matched;
  }
}

function explain(err: Error, context: ErrorContext): KafkaLabError {
  if (err instanceof KafkaLabError) return err;
  if (/^Error processing message|formatter|deserializ/i.test(err.message) || err.name === 'DeserializerError') {
    return new KafkaLabError(`Error processing message, terminating consumer process: ${err.message}`, {
      kind: 'failed',
      hint: 'Add --skip-message-on-error to skip such records, or use --format json to see the raw bytes.',
    });
  }
  return translateKafkaError(err, { ...context, action: 'consume' });
}
