import { readFileSync } from 'node:fs';
import { deleteRecords, parseOffsetJson, type DeleteRequest } from '../admin/offsets.js';
import { listTopicNames } from '../client/admin.js';
import { connectionOptions } from '../client/connection.js';
import { openAdmin } from '../client/session.js';
import { KafkaLabError, UsageError } from '../errors.js';
import { hints } from '../hints.js';
import { info, out, setExitCode } from '../output/output.js';
import { defineCommand } from './types.js';

export default defineCommand({
  command: 'delete-records',
  describe: "Delete records before an offset (Kafka's kafka-delete-records), from a JSON file or one partition",
  builder: (y) =>
    connectionOptions(y)
      .option('offset-json-file', { type: 'string', describe: 'Kafka\'s JSON: {"partitions":[{"topic":"t","partition":0,"offset":3}],"version":1}' })
      .option('topic', { type: 'string', describe: 'simple form: the topic' })
      .option('partition', { type: 'number', describe: 'simple form: the partition' })
      .option('before-offset', { type: 'number', describe: 'simple form: delete records below this offset (-1: all)' })
      .example('kafka-lab delete-records --bootstrap-server localhost:9092 --offset-json-file offsets.json', "Kafka's form")
      .example('kafka-lab delete-records --topic orders --partition 0 --before-offset 100', 'records 0..99 of orders-0 go'),
  handler: async (argv) => {
    let reqs: DeleteRequest[];
    if (argv.offsetJsonFile) {
      if (argv.topic !== undefined || argv.partition !== undefined || argv.beforeOffset !== undefined)
        throw new UsageError('--offset-json-file cannot be combined with --topic/--partition/--before-offset', 'Use one form.');
      let text: string;
      try {
        text = readFileSync(argv.offsetJsonFile, 'utf8');
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        throw new KafkaLabError(`cannot read ${argv.offsetJsonFile}: ${code ?? String(err)}`, {
          kind: code === 'ENOENT' ? 'not-found' : 'failed',
          hint: hints.checkPath,
        });
      }
      reqs = parseOffsetJson(text, argv.offsetJsonFile);
    } else {
      if (argv.topic === undefined || argv.partition === undefined || argv.beforeOffset === undefined) {
        throw new UsageError('Missing required argument "[offset-json-file]"', 'Or the simple form: --topic T --partition P --before-offset O');
      }
      reqs = [{ topic: argv.topic, partition: argv.partition, offset: argv.beforeOffset }];
    }
    const s = await openAdmin(argv, ['Metadata', 'DeleteRecords', 'ListOffsets']);
    try {
      const topics = new Set(await s.run(listTopicNames(s.client)));
      const unknown = reqs.find((r) => !topics.has(r.topic));
      if (unknown) throw new KafkaLabError(`topic '${unknown.topic}' does not exist`, { kind: 'not-found', hint: hints.topicsList });
      out('Executing records delete operation');
      const results = await deleteRecords(s, reqs);
      out('Records delete operation completed:');
      for (const r of results)
        out(r.error ? `partition: ${r.topic}-${r.partition}\terror: ${r.error}` : `partition: ${r.topic}-${r.partition}\tlow_watermark: ${r.lowWatermark}`);
      if (results.some((r) => r.error)) {
        // Kafka's tool exits 0 here; kafka-lab exits 1 so that scripts can tell, and says what to do
        setExitCode(1);
        if (results.some((r) => r.errorCode === 1))
          info("hint: records can be deleted only below the end of the log: kafka-lab get-offsets --time -1 shows each partition's end offset.");
      }
    } finally {
      await s.close();
    }
  },
});
