/**
 * kafka-consumer-groups' options turned into a plan before anything connects, in the manner of
 * Kafka's ConsumerGroupCommandOptions: exactly one action, the groups it is about, and for each
 * action its own options checked and parsed (describe's view, reset's scenario and scope,
 * delete-offsets' topics), with the texts kafka-lab has always given. Pure; unit-tested.
 */
import type { ConnectionArgs } from '../client/connection.js';
import { UsageError } from '../errors.js';
import { parseIsoDuration, parseResetDatetime, parseTopicScope, type ResetScenario, type TopicScope } from './reset-plan.js';
import type { OutputFormat } from '../output/output.js';

export const GROUP_ACTIONS = ['list', 'describe', 'delete', 'reset-offsets', 'delete-offsets'] as const;
export type GroupAction = (typeof GROUP_ACTIONS)[number];

/** Kafka's group states (ConsumerGroupState / GroupState), as --list --state accepts them. */
export const GROUP_STATES = ['Unknown', 'PreparingRebalance', 'CompletingRebalance', 'Stable', 'Dead', 'Empty', 'Assigning', 'Reconciling'];

export interface ConsumerGroupsArgs {
  /** subcommand form: list | describe | delete | reset-offsets (or reset) | delete-offsets */
  action?: string;
  /** group id of the subcommand form */
  name?: string;
  list?: boolean;
  describe?: boolean;
  delete?: boolean;
  resetOffsets?: boolean;
  deleteOffsets?: boolean;
  group?: string[];
  allGroups?: boolean;
  topic?: string[];
  allTopics?: boolean;
  members?: boolean;
  offsets?: boolean;
  state?: string;
  toEarliest?: boolean;
  toLatest?: boolean;
  toCurrent?: boolean;
  toOffset?: number;
  shiftBy?: number;
  toDatetime?: string;
  byDuration?: string;
  dryRun?: boolean;
  execute?: boolean;
  export?: boolean;
  output?: OutputFormat;
  bootstrapServer?: string;
  commandConfig?: string;
  timeout?: number;
  /** client logs; with --describe --members also Kafka's extra columns */
  verbose?: boolean;
}

/** The groups an action is about: those named, or every consumer group (looked up once connected). */
export type GroupSelection = { all: true } | { all: false; ids: string[] };

interface Common {
  format: OutputFormat;
  connection: ConnectionArgs;
}

export type ConsumerGroupsPlan = Common &
  (
    | {
        action: 'list';
        /** --state given: a STATE column */
        withState: boolean;
        /** --state A,B: only groups in these states (lower case); none: every group */
        states?: string[];
      }
    | {
        action: 'describe';
        groups: GroupSelection;
        /** --offsets (the default), --members or --state */
        view: 'offsets' | 'members' | 'state';
        /** --members --verbose: Kafka's extra columns */
        verbose: boolean;
      }
    | { action: 'delete'; groups: GroupSelection }
    | {
        action: 'reset-offsets';
        groups: GroupSelection;
        scenario: ResetScenario;
        /** 'all': every partition the group committed (--all-topics) */
        scope: 'all' | TopicScope[];
        execute: boolean;
        /** neither --execute nor --dry-run: Kafka warns that nothing will be done */
        dryRunImplied: boolean;
        /** --export: the plan as CSV */
        export: boolean;
      }
    | {
        action: 'delete-offsets';
        group: string;
        /** as typed (Kafka's text names them) */
        topics: string[];
        scopes: TopicScope[];
      }
  );

/** Kafka's form (--describe ...) or a subcommand (describe ...): exactly one action. */
export function pickGroupAction(a: ConsumerGroupsArgs): GroupAction {
  const flagged: GroupAction[] = [];
  if (a.list) flagged.push('list');
  if (a.describe) flagged.push('describe');
  if (a.delete) flagged.push('delete');
  if (a.resetOffsets) flagged.push('reset-offsets');
  if (a.deleteOffsets) flagged.push('delete-offsets');
  const positional = a.action === 'reset' ? 'reset-offsets' : GROUP_ACTIONS.find((x) => x === a.action);
  if (positional && !flagged.includes(positional)) flagged.push(positional);
  if (flagged.length !== 1) {
    throw new UsageError(
      'Command must include exactly one action: --list, --describe, --delete, --reset-offsets, --delete-offsets',
      'e.g. kafka-lab consumer-groups --describe --group my-group (or: kafka-lab consumer-groups describe my-group)',
    );
  }
  return flagged[0]!;
}

/**
 * The plan of one consumer-groups command line. `now` (ms) anchors --by-duration, so the
 * plan is the same for the same input.
 */
export function consumerGroupsPlan(a: ConsumerGroupsArgs, now: number = Date.now()): ConsumerGroupsPlan {
  const action = pickGroupAction(a);
  const named = [...(a.group ?? []), ...(a.name ? [a.name] : [])];
  if (action === 'delete-offsets' && (named.length !== 1 || a.allGroups || !a.topic?.length))
    throw new UsageError(
      named.length > 1 ? '--delete-offsets takes one --group at a time' : 'Option [delete-offsets] takes the following options: [group], [topic]',
      'Example: kafka-lab consumer-groups --delete-offsets --group my-group --topic orders (or --topic orders:0,1)',
    );
  if (action !== 'list' && named.length === 0 && !a.allGroups)
    throw new UsageError(`--${action} needs --group GROUP (or --all-groups)`, `e.g. kafka-lab consumer-groups --${action} --group my-group`);

  const common: Common = {
    format: a.output ?? 'text',
    connection: { bootstrapServer: a.bootstrapServer, commandConfig: a.commandConfig, timeout: a.timeout, verbose: a.verbose },
  };
  const groups: GroupSelection = a.allGroups ? { all: true } : { all: false, ids: named };
  switch (action) {
    case 'list':
      return { ...common, action, withState: a.state !== undefined, states: a.state ? stateFilter(a.state) : undefined };
    case 'describe':
      return { ...common, action, groups, view: describeView(a), verbose: Boolean(a.verbose) };
    case 'delete':
      return { ...common, action, groups };
    case 'reset-offsets':
      return { ...common, action, groups, ...resetOptions(a, now) };
    case 'delete-offsets': {
      const topics = a.topic!;
      return { ...common, action, group: named[0]!, topics, scopes: topics.map(parseTopicScope) };
    }
  }
}

/** --list --state A,B: Kafka's state names, in any case. */
function stateFilter(state: string): string[] {
  const asked = state
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = asked.filter((s) => !GROUP_STATES.some((k) => k.toLowerCase() === s.toLowerCase()));
  if (bad.length) throw new UsageError(`Invalid state list '${state}'. Valid states are: ${GROUP_STATES.join(', ')}`, 'e.g. --state Stable,Empty');
  return asked.map((s) => s.toLowerCase());
}

function describeView(a: ConsumerGroupsArgs): 'offsets' | 'members' | 'state' {
  if ([a.members, a.offsets, a.state !== undefined].filter(Boolean).length > 1)
    throw new UsageError('Option [describe] takes at most one of these options: [members], [offsets], [state]', 'Use one of --members, --offsets, --state.');
  if (a.state)
    throw new UsageError('Option [describe] does not take a value for [state]', 'Use --describe --state (to filter by state, use --list --state Stable).');
  return a.members ? 'members' : a.state !== undefined ? 'state' : 'offsets';
}

/** --reset-offsets: exactly one scenario, --execute or --dry-run (not both), and a scope. */
function resetOptions(a: ConsumerGroupsArgs, now: number) {
  const scenarios: ResetScenario[] = [];
  if (a.toEarliest) scenarios.push({ kind: 'earliest' });
  if (a.toLatest) scenarios.push({ kind: 'latest' });
  if (a.toCurrent) scenarios.push({ kind: 'current' });
  if (a.toOffset !== undefined) scenarios.push({ kind: 'offset', offset: wholeNumber(a.toOffset, '--to-offset') });
  if (a.shiftBy !== undefined) scenarios.push({ kind: 'shift', by: wholeNumber(a.shiftBy, '--shift-by') });
  if (a.toDatetime !== undefined) scenarios.push({ kind: 'datetime', timestamp: parseResetDatetime(a.toDatetime) });
  if (a.byDuration !== undefined) scenarios.push({ kind: 'datetime', timestamp: now - parseIsoDuration(a.byDuration) });
  if (scenarios.length !== 1)
    throw new UsageError(
      'Option [reset-offsets] takes exactly one of: --to-earliest, --to-latest, --to-current, --to-offset, --shift-by, --to-datetime, --by-duration',
      'e.g. --reset-offsets --group g --topic t --to-earliest',
    );
  if (a.execute && a.dryRun)
    throw new UsageError('Option [reset-offsets] only accepts one of [execute] and [dry-run]', 'Leave out --dry-run to apply the reset.');
  const topics = a.topic ?? [];
  if (topics.length === 0 && !a.allTopics)
    throw new UsageError('One of the reset scopes should be defined: --all-topics, --topic.', 'e.g. --topic my-topic or --topic my-topic:0,1 or --all-topics');
  return {
    scenario: scenarios[0]!,
    scope: a.allTopics ? ('all' as const) : topics.map(parseTopicScope),
    execute: Boolean(a.execute),
    dryRunImplied: !a.execute && !a.dryRun,
    export: Boolean(a.export),
  };
}

function wholeNumber(n: number, flag: string): number {
  if (!Number.isInteger(n)) throw new UsageError(`${flag} needs a whole number, got '${n}'`, `e.g. ${flag} 5`);
  return n;
}
