import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { KafkaLabError, UsageError } from '../errors.js';
import { dumpFiles, type DumpOptions } from '../format/dump-log.js';
import { OUTPUT_FORMATS, present, write, writeErr, type OutputFormat } from '../output/output.js';
import { defineCommand } from './types.js';

export interface DumpLogPlan {
  files: string[];
  options: DumpOptions;
  format: 'text' | 'json';
}

/** The options of dump-log as a plan: the file list split, the dump options, the format. */
export function dumpLogPlan(argv: {
  files: string;
  printDataLog?: boolean;
  deepIteration?: boolean;
  skipRecordMetadata?: boolean;
  offsetsDecoder?: boolean;
  maxBytes?: number;
  output?: OutputFormat;
}): DumpLogPlan {
  const files = String(argv.files)
    .split(',')
    .map((f) => f.trim())
    .filter((f) => f.length > 0);
  if (files.length === 0) throw new UsageError('--files needs at least one file', 'e.g. --files /tmp/kafka-logs/orders-0/00000000000000000000.log');
  if (argv.maxBytes !== undefined && !(Number.isInteger(argv.maxBytes) && argv.maxBytes > 0))
    throw new UsageError(`--max-bytes expects a positive whole number, got ${argv.maxBytes}`, 'Example: --max-bytes 1048576');
  return {
    files,
    options: {
      printDataLog: argv.printDataLog,
      deepIteration: argv.deepIteration,
      skipRecordMetadata: argv.skipRecordMetadata,
      offsetsDecoder: argv.offsetsDecoder,
      maxBytes: argv.maxBytes,
    },
    format: argv.output === 'json' ? 'json' : 'text',
  };
}

export default defineCommand({
  command: 'dump-log',
  describe: 'Print the batches and records of segment files (.log, .index, .timeindex) read straight off disk, as kafka-dump-log does',
  builder: (y) =>
    y
      .option('files', { type: 'string', demandOption: true, describe: 'comma-separated segment files (.log, .index, .timeindex)' })
      .option('print-data-log', { type: 'boolean', default: false, describe: 'print keys and values (implies --deep-iteration)' })
      .option('deep-iteration', { type: 'boolean', default: false, describe: 'print every record, not only batch headers' })
      .option('offsets-decoder', { type: 'boolean', default: false, describe: 'decode __consumer_offsets records (commits, group metadata) as JSON' })
      .option('skip-record-metadata', { type: 'boolean', default: false, describe: 'print only keys and values of records' })
      .option('max-bytes', { type: 'number', describe: 'read at most this many bytes of each .log file' })
      .option('output', {
        alias: 'o',
        choices: OUTPUT_FORMATS.filter((f) => f !== 'table'),
        default: 'text' as OutputFormat,
        describe: "text (Kafka's format) or json",
      })
      .example(
        'kafka-lab dump-log --files ./lab/data/kafka-logs-0/orders-0/00000000000000000000.log --print-data-log',
        'every record of a segment with its key and value',
      )
      .example('kafka-lab dump-log --files 00000000000000000000.index,00000000000000000000.timeindex', 'the sparse offset and time indexes')
      .example('kafka-lab dump-log --files 00000000000000000000.log --deep-iteration --output json', 'batches and record metadata as JSON')
      .example(
        'kafka-lab dump-log --files /tmp/kafka-logs/__consumer_offsets-0/00000000000000000000.log --offsets-decoder',
        'committed offsets and group metadata',
      ),
  handler: (argv) => {
    const plan = dumpLogPlan(argv);
    for (const p of plan.files) {
      if (!existsSync(p))
        throw new KafkaLabError(`no such file: ${p}`, { kind: 'not-found', hint: 'kafka-lab log-dirs shows the partition folders and their segment files.' });
      if (statSync(p).isDirectory()) {
        throw new KafkaLabError(`${p} is a directory`, {
          kind: 'usage',
          hint: `Name segment files inside it, e.g. --files ${p.replace(/\/$/, '')}/00000000000000000000.log`,
        });
      }
    }
    const result = dumpFiles(
      plan.files,
      { read: (p) => (existsSync(p) ? new Uint8Array(readFileSync(p)) : undefined), absolute: (p) => resolve(p) },
      plan.options,
    );
    if (plan.format === 'json') present('json', { text: () => '', json: () => ({ files: result.json, problems: result.problems }) });
    else {
      write(result.stdout);
      if (result.stderr.length > 0) writeErr(result.stderr);
    }
    const [first, ...more] = result.problems;
    if (first) {
      throw new KafkaLabError(`${first.file}: ${first.message} (byte position ${first.position})`, {
        kind: 'invalid-config',
        details: more.slice(0, 10).map((p) => `${p.file}: ${p.message} (byte position ${p.position})`),
        hint: 'The segment is corrupt or was cut short; the lines above show everything before that point. A broker repairs this on an unclean restart by truncating the log.',
      });
    }
  },
});
