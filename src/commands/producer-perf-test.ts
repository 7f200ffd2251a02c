import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { connectionOptions } from '../client/connection.js';
import { readPropertiesFile } from '../config/properties.js';
import { ExitCode, KafkaLabError, UsageError } from '../errors.js';
import { hints } from '../hints.js';
import { currentIo, info, out, setExitCode, spinner } from '../output/output.js';
import { runProducerPerf, splitPayloads, type ProducerPerfResult } from '../perf/producer.js';
import { summaryLine, type Summary } from '../perf/stats.js';
import { defineCommand } from './types.js';

export default defineCommand({
  command: 'producer-perf-test',
  describe: "Produce N records as fast as asked and print Kafka's progress and summary lines (kafka-producer-perf-test)",
  builder: (y) =>
    connectionOptions(y)
      .option('topic', { type: 'string', demandOption: true, describe: 'topic to produce to (must exist)' })
      .option('num-records', { type: 'number', demandOption: true, describe: 'how many records to send' })
      .option('record-size', { type: 'number', describe: 'bytes per record (random A-Z payload)' })
      .option('payload-file', { type: 'string', describe: 'file whose pieces (split on --payload-delimiter) are sent at random' })
      .option('payload-delimiter', { type: 'string', default: '\\n', describe: 'delimiter of --payload-file' })
      .option('throughput', { type: 'number', demandOption: true, describe: 'records/sec to aim for; -1 = as fast as possible' })
      .option('producer-props', {
        type: 'string',
        array: true,
        describe: 'producer properties k=v ... (bootstrap.servers, acks, compression.type, batch.size ...)',
      })
      .option('producer.config', { type: 'string', describe: 'producer properties file' })
      .option('print-metrics', { type: 'boolean', describe: 'print client metrics after the summary' })

      .example(
        'kafka-lab producer-perf-test --topic perf --num-records 1000000 --record-size 100 --throughput -1 --producer-props bootstrap.servers=localhost:9092',
        "Kafka's classic benchmark line",
      )
      .example(
        'kafka-lab producer-perf-test --topic perf --num-records 50000 --record-size 1024 --throughput 5000 --producer-props acks=1 compression.type=lz4',
        'throttled, with lz4',
      ),
  handler: async (argv) => {
    const numRecords = argv.numRecords;
    if (!Number.isInteger(numRecords) || numRecords <= 0)
      throw new UsageError(`--num-records must be a positive whole number, got ${numRecords}`, 'e.g. --num-records 100000');
    if ((argv.recordSize === undefined) === (argv.payloadFile === undefined)) {
      throw new UsageError('exactly one of --record-size and --payload-file is required', 'e.g. --record-size 100');
    }
    if (argv.recordSize !== undefined && (!Number.isInteger(argv.recordSize) || argv.recordSize <= 0))
      throw new UsageError(`--record-size must be a positive whole number, got ${argv.recordSize}`, 'e.g. --record-size 100');
    if (!Number.isFinite(argv.throughput) || argv.throughput === 0)
      throw new UsageError(`--throughput must be a positive number or -1, got ${argv.throughput}`, 'e.g. --throughput -1');

    const props = new Map<string, string>();
    const config = argv['producer.config'];
    if (config) {
      for (const [k, v] of readPropertiesFile(config, '--producer.config file').toMap()) props.set(k, v);
    }
    for (const kv of (argv.producerProps ?? []).map(String)) {
      const i = kv.indexOf('=');
      if (i <= 0)
        throw new UsageError(`Invalid property: ${kv}`, 'Use --producer-props key=value, e.g. --producer-props acks=1 bootstrap.servers=localhost:9092');
      props.set(kv.slice(0, i), kv.slice(i + 1));
    }

    let payloads: Buffer[] | undefined;
    if (argv.payloadFile) {
      const path = resolve(argv.payloadFile);
      out(`Reading payloads from: ${path}`);
      let content: string;
      try {
        content = readFileSync(path, 'utf8');
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        throw new KafkaLabError(`cannot read --payload-file ${path}: ${code ?? (err as Error).message}`, {
          kind: code === 'ENOENT' ? 'not-found' : 'failed',
          hint: hints.checkPath,
        });
      }
      const delimiter = String(argv.payloadDelimiter).replace(/\\n/g, '\n').replace(/\\t/g, '\t');
      payloads = splitPayloads(content, delimiter);
      out(`Number of messages read: ${payloads.length}`);
    }

    // Kafka's 5-second progress lines always go to stdout; on a TTY a spinner below them counts acknowledgements
    const io = currentIo();
    const tty = Boolean(io.stderr.isTTY && !io.env.CI);
    const spin = await spinner(`producing to ${argv.topic}`);
    const controller = new AbortController();
    const onSigint = () => controller.abort();
    process.once('SIGINT', onSigint);
    let result: ProducerPerfResult;
    try {
      result = await runProducerPerf({
        connection: { bootstrapServer: argv.bootstrapServer, commandConfig: argv.commandConfig, timeout: argv.timeout, verbose: argv.verbose },
        topic: argv.topic,
        numRecords,
        recordSize: argv.recordSize,
        payloads,
        throughput: argv.throughput,
        producerProps: props,
        signal: controller.signal,
        onProgress: (line) => out(line),
        onTick: tty ? (n) => spin.update(`${n} / ${numRecords} records acknowledged`) : undefined,
      });
    } catch (err) {
      spin.fail();
      throw err;
    } finally {
      process.removeListener('SIGINT', onSigint);
    }
    spin.stop();
    out(summaryLine(result.summary));
    if (argv.printMetrics) out(metricsTable(result.summary, result.failed));
    if (result.failed > 0) {
      info(`error: ${result.failed} records failed: ${result.firstError ?? 'unknown error'}`);
      setExitCode(ExitCode.ERROR);
    }
    if (controller.signal.aborted) setExitCode(ExitCode.INTERRUPTED);
  },
});

/** Kafka's --print-metrics table shape (`name : value`); kafka-lab keeps no metrics registry, so these are ours. */
function metricsTable(s: Summary, failed: number): string {
  const m: [string, number][] = [
    ['producer-metrics:record-send-total:{client-id=perf-producer-client}', s.records],
    ['producer-metrics:record-error-total:{client-id=perf-producer-client}', failed],
    ['producer-metrics:record-send-rate:{client-id=perf-producer-client}', s.records / (s.elapsedMs / 1000)],
    ['producer-metrics:outgoing-byte-total:{client-id=perf-producer-client}', s.bytes],
    ['producer-metrics:request-latency-avg:{client-id=perf-producer-client}', s.records ? s.totalLatencyMs / s.records : 0],
    ['producer-metrics:request-latency-max:{client-id=perf-producer-client}', s.maxLatencyMs],
  ];
  const w = Math.max(...m.map(([k]) => k.length));
  return ['', `${'Metric Name'.padEnd(w)}   Value`, ...m.map(([k, v]) => `${k.padEnd(w)} : ${v.toFixed(3)}`)].join('\n');
}
