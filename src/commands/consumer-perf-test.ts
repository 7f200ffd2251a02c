import { connectionOptions } from '../client/connection.js';
import { readPropertiesFile } from '../config/properties.js';
import { ExitCode, UsageError } from '../errors.js';
import { currentIo, info, out, setExitCode, spinner } from '../output/output.js';
import { runConsumerPerf, type ConsumerPerfOutcome } from '../perf/consumer.js';
import { CONSUMER_DETAILED_HEADER, CONSUMER_HEADER, consumerDetailedRow, consumerRow } from '../perf/stats.js';
import { defineCommand } from './types.js';

export default defineCommand({
  command: 'consumer-perf-test',
  describe: "Consume N records and print Kafka's CSV throughput line (kafka-consumer-perf-test)",
  builder: (y) =>
    connectionOptions(y)
      .option('topic', { type: 'string', demandOption: true, describe: 'topic to read' })
      .option('messages', { type: 'number', demandOption: true, describe: 'how many records to consume' })
      .option('group', { type: 'string', describe: 'consumer group (default perf-consumer-<random>)' })
      .option('fetch-size', { type: 'number', default: 1_048_576, describe: 'bytes per partition per fetch' })
      .option('from-latest', { type: 'boolean', describe: 'start at the log end instead of the beginning' })
      .option('consumer.config', { type: 'string', describe: 'consumer properties file' })
      .option('show-detailed-stats', { type: 'boolean', describe: 'one CSV row per --reporting-interval instead of the summary' })
      .option('reporting-interval', { type: 'number', default: 5000, describe: 'ms between detailed rows' })
      .option('hide-header', { type: 'boolean', describe: 'no CSV header' })
      .option('print-metrics', { type: 'boolean', describe: 'accepted for compatibility (kafka-lab keeps no metrics registry)' })
      .option('timeout-ms', { type: 'number', describe: "kafka-lab alias of Kafka's --timeout: max ms between records (Kafka default 10000)" })
      // what Kafka 3.9's tool still takes (src/legacy-flags.ts)
      .option('broker-list', { type: 'string', hidden: true, describe: 'deprecated alias of --bootstrap-server' })
      .option('threads', { type: 'number', hidden: true, describe: 'deprecated and ignored, as in Kafka 3.9' })
      .option('num-fetch-threads', { type: 'number', hidden: true, describe: 'deprecated and ignored, as in Kafka 3.9' })
      .example('kafka-lab consumer-perf-test --bootstrap-server localhost:9092 --topic perf --messages 1000000', "Kafka's CSV summary line")
      .example('kafka-lab consumer-perf-test --topic perf --messages 100000 --show-detailed-stats --reporting-interval 1000', 'a row every second'),
  handler: async (argv) => {
    if (!Number.isInteger(argv.messages) || argv.messages <= 0)
      throw new UsageError(`--messages must be a positive whole number, got ${argv.messages}`, 'e.g. --messages 100000');
    // Kafka's --timeout here is "max gap between records" (10 s); ours also bounds connecting, so both are served by it
    const gapMs = argv.timeoutMs ?? argv.timeout ?? 10_000;
    const props = new Map<string, string>();
    const config = argv['consumer.config'];
    if (config) {
      for (const [k, v] of readPropertiesFile(config, '--consumer.config file').toMap()) props.set(k, v);
    }
    const io = currentIo();
    const tty = Boolean(io.stderr.isTTY && io.stdout.isTTY && !io.env.CI);
    const spin = await spinner(`consuming ${argv.topic}`);
    const controller = new AbortController();
    const onSigint = () => controller.abort();
    process.once('SIGINT', onSigint);
    if (!argv.hideHeader) out(argv.showDetailedStats ? CONSUMER_DETAILED_HEADER : CONSUMER_HEADER);
    let r: ConsumerPerfOutcome;
    try {
      r = await runConsumerPerf({
        connection: {
          bootstrapServer: argv.bootstrapServer ?? argv.brokerList,
          commandConfig: argv.commandConfig,
          timeout: Math.min(argv.timeout ?? 10_000, gapMs),
          verbose: argv.verbose,
        },
        topic: argv.topic,
        messages: argv.messages,
        groupId: argv.group ?? `perf-consumer-${Math.floor(Math.random() * 100_000)}`,
        fromLatest: Boolean(argv.fromLatest),
        fetchSize: argv.fetchSize,
        timeoutMs: gapMs,
        reportingIntervalMs: argv.reportingInterval,
        consumerProps: props,
        signal: controller.signal,
        onTick: tty ? (n) => spin.update(`${n} / ${argv.messages} records`) : undefined,
        onInterval: argv.showDetailedStats
          ? (x) => {
              const line = consumerDetailedRow(x.now, x.bytes, x.messages, x.intervalBytes, x.intervalMessages, x.intervalMs, x.rebalanceMs, x.fetchMs);
              if (tty) spin.update(line);
              out(line);
            }
          : undefined,
      });
    } finally {
      process.removeListener('SIGINT', onSigint);
      spin.stop();
    }
    if (r.timedOut) {
      info(
        `WARNING: Exiting before consuming the expected number of messages: timeout (${gapMs} ms) exceeded. You can use the --timeout option to increase the timeout.`,
      );
    }
    if (!argv.showDetailedStats) out(consumerRow(r));
    if (controller.signal.aborted) setExitCode(ExitCode.INTERRUPTED);
    else if (r.timedOut) setExitCode(ExitCode.ERROR);
  },
});
