/**
 * kafka-topics' options turned into a plan before anything connects, in the manner of Kafka's
 * TopicCommandOptions: exactly one action, the options that go with it, --config and
 * --replica-assignment parsed, and the name of a topic to create checked (same texts as Kafka).
 * Pure; unit-tested.
 */
import type { ConnectionArgs, ConnectionFlags } from '../client/connection.js';
import { UsageError } from '../errors.js';
import type { DescribeFilters } from '../format/topic-describe.js';
import { hints } from '../hints.js';
import type { OutputFormat } from '../output/output.js';
import { hasCollisionChars, parseReplicaAssignment, topicNameProblem } from './topic-rules.js';

export const TOPIC_ACTIONS = ['create', 'list', 'describe', 'delete', 'alter'] as const;
export type TopicAction = (typeof TOPIC_ACTIONS)[number];

export interface TopicsArgs extends ConnectionFlags {
  action?: string;
  name?: string;
  create?: boolean;
  list?: boolean;
  describe?: boolean;
  delete?: boolean;
  /** delete: also Kafka's internal topics */
  force?: boolean;
  alter?: boolean;
  topic?: string;
  partitions?: number;
  replicationFactor?: number;
  config?: string[];
  replicaAssignment?: string;
  ifNotExists?: boolean;
  ifExists?: boolean;
  excludeInternal?: boolean;
  underReplicatedPartitions?: boolean;
  unavailablePartitions?: boolean;
  underMinIsrPartitions?: boolean;
  atMinIsrPartitions?: boolean;
  topicsWithOverrides?: boolean;
  output?: OutputFormat;
}

interface Common {
  /** hide __consumer_offsets and the other internal topics */
  excludeInternal: boolean;
  format: OutputFormat;
  connection: ConnectionArgs;
}

export type TopicsPlan = Common &
  (
    | {
        action: 'create';
        topic: string;
        partitions?: number;
        replicationFactor?: number;
        assignment?: number[][];
        configs: [string, string][];
        ifNotExists: boolean;
        /** the name has '.' or '_': Kafka warns that such names can collide in metric names */
        collisionWarning: boolean;
      }
    /** topic: a regex or comma list (Kafka's include-list); none means every topic */
    | { action: 'list'; topic?: string }
    | { action: 'describe'; topic?: string; ifExists: boolean; filters: DescribeFilters }
    | { action: 'delete'; topic: string; ifExists: boolean; force: boolean }
    | { action: 'alter'; topic: string; partitions: number; assignment?: number[][]; ifExists: boolean }
  );

/** Kafka's form (--create ...) or a subcommand (create ...): exactly one action. */
export function pickAction(a: TopicsArgs): TopicAction {
  const flagged = TOPIC_ACTIONS.filter((x) => a[x]);
  const positional = TOPIC_ACTIONS.find((x) => x === a.action);
  const all = [...new Set([...flagged, ...(positional ? [positional] : [])])];
  if (all.length !== 1) {
    throw new UsageError(
      'Command must include exactly one action: --list, --describe, --create, --alter or --delete',
      'Example: kafka-lab topics --list, or kafka-lab topics create orders -p 3 -r 1',
    );
  }
  return all[0]!;
}

export function topicsPlan(argv: TopicsArgs): TopicsPlan {
  const action = pickAction(argv);
  if (argv.name && argv.topic && argv.name !== argv.topic)
    throw new UsageError(`two topics given: '${argv.name}' and --topic '${argv.topic}'`, 'Give the topic once.');
  const topic = argv.name ?? argv.topic;
  const filters: DescribeFilters = {
    underReplicated: argv.underReplicatedPartitions,
    unavailable: argv.unavailablePartitions,
    underMinIsr: argv.underMinIsrPartitions,
    atMinIsr: argv.atMinIsrPartitions,
    topicsWithOverrides: argv.topicsWithOverrides,
  };
  if (action !== 'describe' && Object.values(filters).some(Boolean))
    throw new UsageError(
      'the report options (--under-replicated-partitions ...) work only with --describe',
      'Example: kafka-lab topics --describe --under-replicated-partitions',
    );
  if (action !== 'create' && argv.config?.length)
    throw new UsageError(
      `Option "[config]" can't be used with option "[${action}]"`,
      'To change topic configs use kafka-lab configs --alter --entity-type topics --entity-name <t> --add-config k=v',
    );
  if (action !== 'create' && argv.replicationFactor !== undefined)
    throw new UsageError(
      `Option "[replication-factor]" can't be used with option "[${action}]"`,
      'The replication factor is set at creation (kafka-reassign-partitions changes it later).',
    );
  const assignment = argv.replicaAssignment ? replicaAssignment(argv.replicaAssignment, action, argv) : undefined;
  const configs = (argv.config ?? []).map(topicConfig);
  if ((action === 'create' || action === 'delete' || action === 'alter') && !topic)
    throw new UsageError('Missing required argument "[topic]"', `Example: kafka-lab topics ${action} my-topic`);
  if (action === 'alter' && argv.partitions === undefined)
    throw new UsageError('Missing required argument "[partitions]"', 'Example: kafka-lab topics alter my-topic --partitions 6');

  const common: Common = {
    excludeInternal: Boolean(argv.excludeInternal),
    format: argv.output ?? 'text',
    connection: { bootstrapServer: argv.bootstrapServer, commandConfig: argv.commandConfig, timeout: argv.timeout, verbose: argv.verbose },
  };
  const ifExists = Boolean(argv.ifExists);
  switch (action) {
    case 'create': {
      const name = topic!;
      const problem = topicNameProblem(name);
      // Kafka prints this as a failed topic command, before it connects
      if (problem) throw new UsageError(`Error while executing topic command : Topic name is invalid: ${problem}`, hints.topicName);
      return {
        ...common,
        action,
        topic: name,
        partitions: argv.partitions,
        replicationFactor: argv.replicationFactor,
        assignment,
        configs,
        ifNotExists: Boolean(argv.ifNotExists),
        collisionWarning: hasCollisionChars(name),
      };
    }
    case 'list':
      return { ...common, action, topic };
    case 'describe':
      return { ...common, action, topic, ifExists, filters };
    case 'delete':
      return { ...common, action, topic: topic!, ifExists, force: Boolean(argv.force) };
    case 'alter':
      return { ...common, action, topic: topic!, partitions: argv.partitions!, assignment, ifExists };
  }
}

function replicaAssignment(text: string, action: TopicAction, argv: TopicsArgs): number[][] {
  if (action === 'create' && (argv.partitions !== undefined || argv.replicationFactor !== undefined)) {
    throw new UsageError(
      '--replica-assignment cannot be combined with --partitions or --replication-factor on create',
      'The assignment gives both: 0:1,1:2 is 2 partitions of 2 replicas.',
    );
  }
  try {
    return parseReplicaAssignment(text);
  } catch (err) {
    throw new UsageError((err as Error).message, 'Format: broker ids per partition, colon-separated, partitions comma-separated: 0:1,1:2');
  }
}

/** One --config item, k=v (spaces around the key and the '=' dropped, as Kafka does), with Kafka's text when it is not. */
function topicConfig(item: string): [string, string] {
  const m = /^\s*([^=]+?)\s*=\s*(.*)$/.exec(item);
  if (!m)
    throw new UsageError(
      'requirement failed: Invalid topic config: all configs to be added must be in the format "key=val".',
      'Example: --config retention.ms=86400000',
    );
  return [m[1]!, m[2]!];
}
