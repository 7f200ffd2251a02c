/**
 * kafka-console-producer: options become a plan (src/produce/console-producer-plan.ts), the
 * work is src/produce/console-producer.ts on kafka-lab's idempotent producer.
 */
import { DEFAULT_TIMEOUT_MS } from '../client/connection.js';
import { KafkaLabError } from '../errors.js';
import { runConsoleProducer } from '../produce/console-producer.js';
import { producerPlan } from '../produce/console-producer-plan.js';
import { defineCommand } from './types.js';

export default defineCommand({
  command: 'console-producer [topic]',
  describe: "Produce records from stdin (or a file): Kafka's kafka-console-producer, plus JSON, format strings and random records",
  builder: (y) =>
    y
      .positional('topic', { type: 'string', describe: 'topic to produce to (same as --topic)' })
      .option('topic', { type: 'string', describe: 'topic to produce to' })
      .option('bootstrap-server', { type: 'string', describe: 'HOST:PORT[,HOST:PORT] (default: lab profile, $KAFKA_BOOTSTRAP_SERVERS, localhost:9092)' })
      .option('broker-list', { type: 'string', hidden: true, describe: 'deprecated alias of --bootstrap-server' })
      .option('command-config', { type: 'string', describe: 'client properties file (security.protocol, sasl.*, ssl.* ...)' })
      .option('connect-timeout', { type: 'number', default: DEFAULT_TIMEOUT_MS, describe: 'give up on an unreachable cluster after this many ms' })
      .option('file', { type: 'string', describe: 'read this file instead of stdin' })
      .option('property', {
        type: 'string',
        array: true,
        describe:
          'reader property k=v: parse.key, key.separator, parse.headers, headers.delimiter, headers.separator, headers.key.separator, null.marker, ignore.error',
      })
      .option('reader-property', { type: 'string', array: true, describe: "Kafka 4.2's name for --property" })
      .option('reader-config', { type: 'string', describe: 'reader properties file' })
      .option('producer-property', { type: 'string', array: true, describe: 'producer property k=v (acks, compression.type, linger.ms, batch.size ...)' })
      .option('producer.config', { type: 'string', describe: 'producer properties file' })
      .option('request-required-acks', { type: 'string', describe: 'acks: all|-1, 1 or 0 (default all)' })
      .option('compression-codec', { type: 'string', describe: 'none, gzip, snappy, lz4 or zstd (flag alone: gzip)' })
      .option('sync', { type: 'boolean', describe: 'send each record and wait for it before the next' })
      .option('batch-size', { type: 'number', describe: 'bytes per batch (per partition, like batch.size; default 16384)' })
      .option('max-partition-memory-bytes', { type: 'number', hidden: true, describe: 'old name of --batch-size' })
      .option('timeout', { type: 'number', describe: 'linger: ms to wait for a batch to fill (default 1000, like Kafka)' })
      .option('request-timeout-ms', { type: 'number', describe: 'ms the broker may take to acknowledge (default 1500)' })
      .option('message-send-max-retries', { type: 'number', describe: 'retries per batch (default: until delivery.timeout.ms, 120 s)' })
      .option('retry-backoff-ms', { type: 'number', describe: 'first wait before a retry, doubling up to 1 s (default 100)' })
      .option('max-block-ms', { type: 'number', describe: "how long to wait for a topic's metadata (default 60000)" })
      .option('format', {
        type: 'string',
        describe: "input format: 'json' (one JSON record per line) or a format string like '%k\\t%s\\n' (kcat dialect: %k %s %v %h %p %T %t)",
      })
      .option('random', { type: 'number', describe: 'send N random records instead of reading input' })
      .option('record-size', { type: 'number', default: 100, describe: 'bytes per random value' })
      .option('keys', { type: 'number', default: 0, describe: 'random records cycle over this many keys (0: no key)' })
      .option('rate', { type: 'number', default: 0, describe: 'random records per second (0: as fast as possible)' })
      .example('kafka-lab console-producer --topic quickstart-events --bootstrap-server localhost:9092', 'type lines, Ctrl-D to finish')
      .example('kafka-lab console-producer --topic t --property parse.key=true --property key.separator=:', 'lines like key:value')
      .example(
        'kafka-lab console-consumer --topic a --from-beginning --format json -e | kafka-lab console-producer --topic b --format json',
        'copy records, bytes and headers intact',
      )
      .example('kafka-lab console-producer orders < orders.txt', 'the topic as a plain argument')
      .example('kafka-lab console-producer --topic t --random 1000 --keys 10 --rate 100', '1000 random records, 100 per second'),
  handler: async (argv) => {
    const plan = producerPlan(argv);
    try {
      await runConsoleProducer(plan);
    } catch (err) {
      // here --timeout is Kafka's linger: point connection hints at --connect-timeout instead
      if (err instanceof KafkaLabError && err.hint?.includes('--timeout')) {
        throw new KafkaLabError(err.message, {
          kind: err.kind,
          hint: err.hint.replace('--timeout', '--connect-timeout'),
          exitCode: err.exitCode,
          cause: err.cause,
          details: err.details,
        });
      }
      throw err;
    }
  },
});
