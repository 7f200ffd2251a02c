import * as t from '../admin/transactions.js';
import { connectionOptions } from '../client/connection.js';
import { openAdmin } from '../client/session.js';
import { UsageError } from '../errors.js';
import { prettyPrintTable } from '../format/java-text.js';
import { OUTPUT_FORMATS, type OutputFormat, out, present } from '../output/output.js';
import { defineCommand } from './types.js';

const ACTIONS = ['list', 'describe', 'describe-producers', 'abort', 'find-hanging'] as const;
type TxnAction = (typeof ACTIONS)[number];

export interface TransactionsArgs {
  action?: string;
  durationFilter?: number;
  transactionalIdPattern?: string;
  transactionalId?: string;
  brokerId?: number;
  topic?: string;
  partition?: number;
  startOffset?: number;
  producerId?: string;
  producerEpoch?: number;
  coordinatorEpoch?: number;
  maxTransactionTimeout?: number;
  output?: OutputFormat;
}

export type TransactionsPlan =
  | { action: 'list'; durationFilterMs?: number; pattern?: string }
  | { action: 'describe'; transactionalId: string }
  | { action: 'describe-producers'; topic: string; partition: number; brokerId?: number }
  | { action: 'find-hanging'; topic?: string; partition?: number; brokerId?: number; maxTransactionTimeoutMin: number }
  | {
      action: 'abort';
      topic: string;
      partition: number;
      startOffset?: bigint;
      spec?: { producerId: bigint; producerEpoch: number; coordinatorEpoch: number };
    };

/** The options each sub-command takes (Kafka's argparse sub-parsers). */
const OPTIONS: Record<TxnAction, (keyof TransactionsArgs)[]> = {
  list: ['durationFilter', 'transactionalIdPattern'],
  describe: ['transactionalId'],
  'describe-producers': ['brokerId', 'topic', 'partition'],
  abort: ['topic', 'partition', 'startOffset', 'producerId', 'producerEpoch', 'coordinatorEpoch'],
  'find-hanging': ['brokerId', 'maxTransactionTimeout', 'topic', 'partition'],
};
const FLAG: Record<string, string> = {
  durationFilter: '--duration-filter',
  transactionalIdPattern: '--transactional-id-pattern',
  transactionalId: '--transactional-id',
  brokerId: '--broker-id',
  topic: '--topic',
  partition: '--partition',
  startOffset: '--start-offset',
  producerId: '--producer-id',
  producerEpoch: '--producer-epoch',
  coordinatorEpoch: '--coordinator-epoch',
  maxTransactionTimeout: '--max-transaction-timeout',
};

/** The command line as a plan, refused with Kafka's messages (TransactionsCommand's sub-parsers). */
export function transactionsPlan(a: TransactionsArgs): TransactionsPlan {
  const action = ACTIONS.find((x) => x === a.action);
  if (action === undefined)
    throw new UsageError(
      `argument COMMAND: invalid choice: '${a.action ?? ''}' (choose from 'list', 'describe', 'describe-producers', 'abort', 'find-hanging')`,
      'Example: kafka-lab transactions --bootstrap-server localhost:9092 list',
    );
  const example = `kafka-lab transactions ${action} --help shows its options.`;
  for (const [key, flag] of Object.entries(FLAG)) {
    if (a[key as keyof TransactionsArgs] === undefined || OPTIONS[action].includes(key as keyof TransactionsArgs)) continue;
    if (key === 'maxTransactionTimeout' && a.maxTransactionTimeout === 15) continue; // its default
    throw new UsageError(`unrecognized arguments: '${flag}' (${action} does not take it)`, example);
  }
  const required = (key: keyof TransactionsArgs) => {
    if (a[key] === undefined) throw new UsageError(`argument ${FLAG[key]} is required`, example);
  };
  switch (action) {
    case 'list':
      return { action, durationFilterMs: a.durationFilter, pattern: a.transactionalIdPattern };
    case 'describe':
      required('transactionalId');
      return { action, transactionalId: a.transactionalId! };
    case 'describe-producers':
      required('topic');
      required('partition');
      return { action, topic: a.topic!, partition: a.partition!, brokerId: a.brokerId };
    case 'find-hanging':
      if (a.topic === undefined && a.brokerId === undefined)
        throw new UsageError('The `find-hanging` command requires either --topic or --broker-id to limit the scope of the search', 'Example: --broker-id 1');
      if (a.partition !== undefined && a.topic === undefined)
        throw new UsageError('The --partition argument requires --topic to be provided', 'Example: --topic orders --partition 0');
      return { action, topic: a.topic, partition: a.partition, brokerId: a.brokerId, maxTransactionTimeoutMin: a.maxTransactionTimeout ?? 15 };
    case 'abort': {
      required('topic');
      required('partition');
      if (a.startOffset === undefined && a.producerId === undefined)
        throw new UsageError(
          'The transaction to abort must be identified either with --start-offset (for brokers on 3.0 or above) or with --producer-id, --producer-epoch, and --coordinator-epoch (for older brokers)',
          `kafka-lab transactions find-hanging --topic ${a.topic} shows the start offsets of hanging transactions.`,
        );
      if (a.startOffset !== undefined) return { action, topic: a.topic!, partition: a.partition!, startOffset: BigInt(a.startOffset) };
      if (!/^-?\d+$/.test(a.producerId!))
        throw new UsageError(`argument --producer-id: could not convert '${a.producerId}' to Long`, 'Example: --producer-id 1000');
      if (a.producerEpoch === undefined) throw new UsageError('Missing required argument --producer-epoch', example);
      if (a.coordinatorEpoch === undefined) throw new UsageError('Missing required argument --coordinator-epoch', example);
      // like Kafka: a coordinator epoch of -1 (never set) is sent as 0
      return {
        action,
        topic: a.topic!,
        partition: a.partition!,
        spec: { producerId: BigInt(a.producerId!), producerEpoch: a.producerEpoch, coordinatorEpoch: Math.max(0, a.coordinatorEpoch) },
      };
    }
  }
}

export default defineCommand({
  command: 'transactions [action]',
  describe: "Transactions of the cluster (Kafka's kafka-transactions): list, describe, describe-producers, find-hanging, abort",
  builder: (y) =>
    connectionOptions(y)
      .positional('action', { type: 'string', describe: `one of ${ACTIONS.join(', ')}` })
      .option('duration-filter', { type: 'number', describe: 'list: only transactions running longer than this many ms' })
      .option('transactional-id-pattern', { type: 'string', describe: 'list: only transactional ids matching this regular expression (Kafka 4.1 brokers)' })
      .option('transactional-id', { type: 'string', describe: 'describe: the transactional id' })
      .option('broker-id', { type: 'number', describe: 'describe-producers: ask this replica; find-hanging: search this broker' })
      .option('topic', { type: 'string', describe: 'describe-producers, abort, find-hanging: the topic' })
      .option('partition', { type: 'number', describe: 'describe-producers, abort, find-hanging: the partition' })
      .option('start-offset', { type: 'number', describe: 'abort: the offset where the transaction to abort starts' })
      .option('producer-id', { type: 'string', describe: 'abort (brokers before 3.0): producer id' })
      .option('producer-epoch', { type: 'number', describe: 'abort (brokers before 3.0): producer epoch' })
      .option('coordinator-epoch', { type: 'number', describe: 'abort (brokers before 3.0): coordinator epoch' })
      .option('max-transaction-timeout', { type: 'number', default: 15, describe: 'find-hanging: only transactions open longer than this many minutes' })
      .option('output', { alias: 'o', choices: OUTPUT_FORMATS, default: 'text' as OutputFormat, describe: "text (Kafka's table), table, json" })
      .example('kafka-lab transactions --bootstrap-server localhost:9092 list', 'every transactional id, its coordinator and state')
      .example('kafka-lab transactions describe --transactional-id my-app-1', 'its producer, state, timeout and partitions')
      .example('kafka-lab transactions find-hanging --broker-id 1', 'open transactions no coordinator will ever finish')
      .example('kafka-lab transactions abort --topic orders --partition 0 --start-offset 42', 'abort the hanging one that starts at offset 42'),
  handler: async (argv) => {
    const plan = transactionsPlan(argv);
    const s = await openAdmin(argv, ['Metadata']);
    const show = (headers: string[], rows: string[][]) =>
      present(argv.output, {
        text: () => prettyPrintTable(headers, rows),
        table: () => ({ head: headers, rows }),
        json: () => rows.map((r) => Object.fromEntries(headers.map((h, i) => [h, r[i]]))),
      });
    try {
      switch (plan.action) {
        case 'list':
          show(t.LIST_HEADERS, await t.listRows(s, plan));
          return;
        case 'describe':
          show(t.DESCRIBE_HEADERS, [await t.describeRow(s, plan.transactionalId)]);
          return;
        case 'describe-producers':
          show(t.PRODUCERS_HEADERS, await t.producerRows(s, plan.topic, plan.partition, plan.brokerId));
          return;
        case 'find-hanging': {
          const now = Date.now();
          show(t.HANGING_HEADERS, t.hangingRows(await t.findHanging(s, plan, now), now));
          return;
        }
        case 'abort': {
          const spec = plan.spec
            ? { topic: plan.topic, partition: plan.partition, ...plan.spec }
            : await t.abortSpecAt(s, plan.topic, plan.partition, plan.startOffset!);
          await t.abortTransaction(s, spec);
          if (argv.output === 'json') out(JSON.stringify({ aborted: { ...spec, producerId: String(spec.producerId) } }, null, 2));
          return;
        }
      }
    } finally {
      await s.close();
    }
  },
});
