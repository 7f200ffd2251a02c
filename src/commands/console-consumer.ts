/**
 * kafka-console-consumer: options are checked and turned into a plan first
 * (src/consume/console-consumer-plan.ts, Kafka's own checks and texts), then records are read
 * by the consumer runner and written by the output layer, straight from the fetched bytes.
 */
import { connectionOptions } from '../client/connection.js';
import { runConsoleConsumer } from '../consume/console-consumer.js';
import { consumerPlan } from '../consume/console-consumer-plan.js';
import { defineCommand } from './types.js';

export default defineCommand({
  command: 'console-consumer [topic]',
  describe: "Print records: Kafka's kafka-console-consumer (same output bytes), plus offsets grammar, --until-end, --tail, JSON and format strings",
  builder: (y) =>
    connectionOptions(y)
      .positional('topic', { type: 'string', describe: 'topic to read (same as --topic)' })
      .option('topic', { type: 'string', describe: 'topic to read' })
      .option('include', { type: 'string', describe: 'regular expression of topics to read' })
      .option('whitelist', { type: 'string', hidden: true, describe: 'deprecated alias of --include' })
      .option('partition', { type: 'number', describe: 'read only this partition (starts at the end unless --offset/--from-beginning)' })
      .option('offset', {
        alias: 'o',
        type: 'string',
        describe: 'start: earliest|latest|N (Kafka), or start|end|N|+N|-N|@<epoch-ms>|@-1h, per partition as 0:5,1:end',
      })
      .option('from-beginning', { type: 'boolean', describe: 'start at the earliest offset (without committed offsets)' })
      .option('group', { type: 'string', describe: 'consumer group id (without it: partitions are read directly, no group, nothing committed)' })
      .option('max-messages', { type: 'number', describe: 'exit after this many records' })
      .option('timeout-ms', { type: 'number', describe: 'exit if no record arrives for this many ms' })
      .option('skip-message-on-error', { type: 'boolean', describe: 'skip a record that cannot be formatted instead of stopping' })
      .option('isolation-level', { type: 'string', describe: 'read_uncommitted (default) or read_committed' })
      .option('consumer-property', { type: 'string', array: true, describe: 'consumer property k=v' })
      .option('consumer.config', { type: 'string', describe: 'consumer properties file' })
      .option('property', {
        type: 'string',
        array: true,
        describe:
          'formatter property: print.timestamp|print.key|print.value|print.partition|print.offset|print.headers=true, key.separator, line.separator, headers.separator, null.literal',
      })
      .option('formatter-property', { type: 'string', array: true, describe: "Kafka 4.2's name for --property" })
      .option('formatter-config', { type: 'string', describe: 'formatter properties file' })
      .option('formatter', { type: 'string', describe: 'only the DefaultMessageFormatter is supported' })
      .option('key-deserializer', {
        type: 'string',
        describe: 'Kafka deserializer class for keys (e.g. org.apache.kafka.common.serialization.LongDeserializer)',
      })
      .option('value-deserializer', { type: 'string', describe: 'Kafka deserializer class for values' })
      .option('format', {
        alias: 'f',
        type: 'string',
        describe: "'json' (one JSON record per line) or a format string (kcat dialect: %t %p %o %k %K %s %S %R %T %h %H, \\n \\t)",
      })
      .option('until-end', { alias: 'e', type: 'boolean', describe: 'exit when every assigned partition is caught up' })
      .option('tail', { type: 'number', describe: 'print the last N records across partitions, then exit' })
      .example('kafka-lab console-consumer --topic quickstart-events --from-beginning --bootstrap-server localhost:9092', "Kafka's quick start")
      .example('kafka-lab console-consumer --topic t --from-beginning --property print.key=true --property print.offset=true', 'keys and offsets, Kafka format')
      .example("kafka-lab console-consumer --topic t -o -10 -e -f '%p:%o %k=%s\\n'", 'last 10 per partition, own format, then exit')
      .example('kafka-lab console-consumer --topic t --offset @-1h -e --format json', 'the last hour as JSON lines')
      .example('kafka-lab console-consumer orders -o start -e', 'the topic as a plain argument: everything so far, then exit')
      .example('kafka-lab console-consumer --topic t --tail 5', 'the 5 newest records across partitions'),
  handler: (argv) => runConsoleConsumer(consumerPlan(argv)),
});
