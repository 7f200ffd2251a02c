import { electionText, parseElectionJson, runElection } from '../admin/leader-election.js';
import { connectionOptions } from '../client/connection.js';
import { openAdmin } from '../client/session.js';
import { KafkaLabError, UsageError } from '../errors.js';
import { out, renderJson } from '../output/output.js';
import { readInputFile } from '../util/input-file.js';
import { defineCommand } from './types.js';

export interface LeaderElectionArgs {
  electionType?: string;
  allTopicPartitions?: boolean;
  topic?: string;
  partition?: number;
  pathToJsonFile?: string;
  'admin.config'?: string;
  commandConfig?: string;
  output?: 'text' | 'json';
}

export interface LeaderElectionPlan {
  type: 'preferred' | 'unclean';
  /** null: every eligible partition (--all-topic-partitions) */
  partitions: { topic: string; partition: number }[] | null;
  jsonFile?: string;
  commandConfig?: string;
  json: boolean;
}

const EXAMPLE = 'Example: kafka-lab leader-election --election-type preferred --all-topic-partitions';

/** The command line as a plan, refused with Kafka's messages (LeaderElectionCommandOptions.validate). */
export function leaderElectionPlan(a: LeaderElectionArgs): LeaderElectionPlan {
  if (a.electionType === undefined) throw new UsageError('Missing required option(s): election-type', EXAMPLE);
  const type = a.electionType.toLowerCase();
  if (type !== 'preferred' && type !== 'unclean') throw new UsageError(`Value [${a.electionType}] is not one of [PREFERRED, UNCLEAN]`, EXAMPLE);
  const scopes = [a.topic !== undefined, Boolean(a.allTopicPartitions), a.pathToJsonFile !== undefined].filter(Boolean).length;
  if (scopes !== 1) throw new UsageError('One and only one of the following options is required: topic, all-topic-partitions, path-to-json-file', EXAMPLE);
  if (a.topic !== undefined && a.partition === undefined)
    throw new UsageError('Missing required option(s): partition', 'Example: --topic orders --partition 0');
  if (a.topic === undefined && a.partition !== undefined)
    throw new UsageError('Option partition is only allowed if topic is used', 'Example: --topic orders --partition 0');
  if (a['admin.config'] !== undefined && a.commandConfig !== undefined && a['admin.config'] !== a.commandConfig)
    throw new UsageError('--admin.config and --command-config name different files', 'Give one of them (they mean the same).');
  return {
    type,
    partitions: a.topic !== undefined ? [{ topic: a.topic, partition: a.partition! }] : null,
    jsonFile: a.pathToJsonFile,
    commandConfig: a['admin.config'] ?? a.commandConfig,
    json: a.output === 'json',
  };
}

export default defineCommand({
  command: 'leader-election',
  describe: "Elect partition leaders (Kafka's kafka-leader-election): the preferred replica back as leader after a failover, or an unclean election",
  builder: (y) =>
    connectionOptions(y)
      .option('election-type', { type: 'string', describe: 'preferred (the first replica leads again) or unclean (a leader for a partition that has none)' })
      .option('all-topic-partitions', { type: 'boolean', describe: 'every partition the election type applies to' })
      .option('topic', { type: 'string', describe: 'one partition: its topic (with --partition)' })
      .option('partition', { type: 'number', describe: 'one partition: its number (with --topic)' })
      .option('path-to-json-file', { type: 'string', describe: 'partitions from a file: {"partitions":[{"topic":"foo","partition":1}]}' })
      .option('admin.config', { type: 'string', describe: "Kafka's name for --command-config" })
      .option('output', { alias: 'o', choices: ['text', 'json'] as const, default: 'text' as const, describe: "text (Kafka's lines) or json" })
      .example('kafka-lab leader-election --bootstrap-server localhost:9092 --election-type preferred --all-topic-partitions', 'leaders back where they belong')
      .example('kafka-lab leader-election --election-type preferred --topic orders --partition 0', 'one partition'),
  handler: async (argv) => {
    const plan = leaderElectionPlan(argv);
    const partitions = plan.jsonFile ? parseElectionJson(readInputFile(plan.jsonFile, 'JSON file'), plan.jsonFile) : plan.partitions;
    const s = await openAdmin({ ...argv, commandConfig: plan.commandConfig }, ['Metadata']);
    try {
      const outcome = await runElection(s, plan.type, partitions, s.conn.timeoutMs);
      if (plan.json) out(renderJson(outcome));
      else for (const line of electionText(outcome)) out(line);
      if (outcome.failed.length > 0) {
        throw new KafkaLabError(`${outcome.failed.length} replica(s) could not be elected`, {
          kind: 'broker',
          hint:
            plan.type === 'preferred'
              ? 'A preferred election needs the preferred (first) replica alive and in sync (kafka-lab topics --describe shows Replicas and Isr).'
              : 'kafka-lab topics --describe shows the partitions and their replicas.',
        });
      }
    } finally {
      await s.close();
    }
  },
});
