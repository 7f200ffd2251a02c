import { connectionOptions } from '../client/connection.js';
import { UsageError } from '../errors.js';
import { OUTPUT_FORMATS, info, present, setExitCode, warn, write, type OutputFormat } from '../output/output.js';
import { defineCommand } from './types.js';

const ACTIONS = ['list', 'describe', 'delete', 'reset-offsets', 'delete-offsets'] as const;
type Action = (typeof ACTIONS)[number];

const STATES = ['Unknown', 'PreparingRebalance', 'CompletingRebalance', 'Stable', 'Dead', 'Empty', 'Assigning', 'Reconciling'];

/** Kafka's scripts print straight to stdout without adding a newline; neither do we in text mode. */

export default defineCommand({
  command: 'consumer-groups [action] [name]',
  describe: 'List, describe, reset and delete consumer groups (kafka-consumer-groups)',
  builder: (y) =>
    connectionOptions(y)
      .positional('action', { choices: [...ACTIONS, 'reset'] as const, describe: 'subcommand form: list | describe | delete | reset-offsets | delete-offsets' })
      .positional('name', { type: 'string', describe: 'group id (subcommand form)' })
      .option('list', { type: 'boolean', describe: 'list consumer groups' })
      .option('describe', { type: 'boolean', describe: 'describe groups: offsets and lag (default), --members or --state' })
      .option('delete', { type: 'boolean', describe: 'delete groups (they must be empty)' })
      .option('reset-offsets', { type: 'boolean', describe: 'plan (dry run, default) or --execute a reset of committed offsets' })
      .option('delete-offsets', { type: 'boolean', describe: "delete a group's committed offsets of --topic T (or T:0,1); the group must not consume them" })
      .option('group', { type: 'string', array: true, describe: 'group id (repeatable)' })
      .option('all-groups', { type: 'boolean', describe: 'every consumer group' })
      .option('topic', { type: 'string', array: true, describe: 'reset / delete-offsets scope: TOPIC or TOPIC:0,1 (repeatable)' })
      .option('all-topics', { type: 'boolean', describe: 'reset scope: every partition the group committed' })
      .option('members', { type: 'boolean', describe: 'describe: one line per member' })
      .option('offsets', { type: 'boolean', describe: 'describe: offsets and lag (the default)' })
      .option('state', {
        type: 'string',
        describe: 'describe: coordinator, strategy, state, members; list: show states (optionally only these, comma-separated)',
      })
      .option('to-earliest', { type: 'boolean', describe: 'reset to the log start' })
      .option('to-latest', { type: 'boolean', describe: 'reset to the log end' })
      .option('to-current', { type: 'boolean', describe: 'reset to the committed offset' })
      .option('to-offset', { type: 'number', describe: 'reset to this offset (clamped to the log)' })
      .option('shift-by', { type: 'number', describe: 'move the committed offset by ±N' })
      .option('to-datetime', { type: 'string', describe: 'first offset at or after yyyy-MM-ddTHH:mm:SS.sss (UTC unless a zone follows)' })
      .option('by-duration', { type: 'string', describe: 'first offset at or after now minus PnDTnHnMnS' })
      .option('dry-run', { type: 'boolean', describe: 'only print the plan (the default)' })
      .option('execute', { type: 'boolean', describe: 'apply the reset' })
      .option('export', { type: 'boolean', describe: 'print the plan as CSV (topic,partition,offset)' })
      .option('output', { alias: 'o', choices: OUTPUT_FORMATS, describe: "text (Kafka's layout), table or json" })
      .example(
        'kafka-lab consumer-groups --bootstrap-server localhost:9092 --describe --group my-group',
        'offsets and lag, as kafka-consumer-groups prints them',
      )
      .example('kafka-lab consumer-groups describe my-group --members --verbose', 'subcommand form: members and their partitions')
      .example('kafka-lab consumer-groups --group my-group --reset-offsets --to-earliest --topic t --execute', 'rewind a stopped group')
      .example('kafka-lab consumer-groups list --state -o json', 'every group with its state, as JSON')
      .example('kafka-lab consumer-groups --delete-offsets --group my-group --topic old-topic', "forget a group's offsets of one topic"),
  handler: async (argv) => {
    const action = resolveAction(argv);
    const groups = [...(argv.group ?? []), ...(argv.name ? [argv.name] : [])].map(String);
    const format = argv.output as OutputFormat | undefined;
    if (action === 'delete-offsets' && (groups.length !== 1 || argv.allGroups || !argv.topic?.length))
      throw new UsageError(
        groups.length > 1 ? '--delete-offsets takes one --group at a time' : 'Option [delete-offsets] takes the following options: [group], [topic]',
        'Example: kafka-lab consumer-groups --delete-offsets --group my-group --topic orders (or --topic orders:0,1)',
      );
    if (action !== 'list' && groups.length === 0 && !argv.allGroups) {
      throw new UsageError(`--${action} needs --group GROUP (or --all-groups)`, `e.g. kafka-lab consumer-groups --${action} --group my-group`);
    }
    const { openGroupsSession } = await import('../admin/groups.js');
    const session = await openGroupsSession({
      bootstrapServer: argv.bootstrapServer,
      commandConfig: argv.commandConfig,
      timeout: argv.timeout,
      // Kafka's --verbose means "more columns" here; client logs only with KAFKA_LAB_CLIENT_LOGS
      verbose: Boolean(process.env.KAFKA_LAB_CLIENT_LOGS),
    });
    try {
      const ids = await groupIds(action, groups, Boolean(argv.allGroups), session);
      switch (action) {
        case 'list':
          return await list(session, argv.state, format);
        case 'describe':
          return await describe(session, ids, argv, format);
        case 'delete':
          return await remove(session, ids, format);
        case 'reset-offsets':
          return await reset(session, ids, argv, format);
        case 'delete-offsets':
          return await deleteOffsets(session, ids, argv, format);
      }
    } finally {
      await session.close();
    }
  },
});

interface Argv {
  action?: string;
  name?: string;
  group?: string[];
  list?: boolean;
  describe?: boolean;
  delete?: boolean;
  resetOffsets?: boolean;
  deleteOffsets?: boolean;
  allGroups?: boolean;
  topic?: string[];
  allTopics?: boolean;
  members?: boolean;
  offsets?: boolean;
  state?: string;
  verbose?: boolean;
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
}

function resolveAction(argv: Argv & { group?: unknown }): Action {
  const flags: Action[] = [];
  if (argv.list) flags.push('list');
  if (argv.describe) flags.push('describe');
  if (argv.delete) flags.push('delete');
  if (argv.resetOffsets) flags.push('reset-offsets');
  if (argv.deleteOffsets) flags.push('delete-offsets');
  const positional = argv.action === 'reset' ? 'reset-offsets' : (argv.action as Action | undefined);
  if (positional && !flags.includes(positional)) flags.push(positional);
  if (flags.length !== 1) {
    throw new UsageError(
      'Command must include exactly one action: --list, --describe, --delete, --reset-offsets, --delete-offsets',
      'e.g. kafka-lab consumer-groups --describe --group my-group (or: kafka-lab consumer-groups describe my-group)',
    );
  }
  return flags[0]!;
}

async function groupIds(action: Action, groups: string[], all: boolean, session: import('../admin/groups.js').GroupsSession): Promise<string[]> {
  if (action === 'list') return [];
  if (all) {
    const { listConsumerGroups } = await import('../admin/groups.js');
    return (await listConsumerGroups(session, false)).map((g) => g.groupId);
  }
  if (groups.length === 0) {
    throw new UsageError(`--${action} needs --group GROUP (or --all-groups)`, `e.g. kafka-lab consumer-groups --${action} --group my-group`);
  }
  return groups;
}

async function list(session: import('../admin/groups.js').GroupsSession, state: string | undefined, format: OutputFormat | undefined) {
  const { listConsumerGroups } = await import('../admin/groups.js');
  const { formatListWithState } = await import('../format/groups-table.js');
  const withState = state !== undefined;
  let wanted: Set<string> | undefined;
  if (state) {
    const asked = state
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const bad = asked.filter((s) => !STATES.some((k) => k.toLowerCase() === s.toLowerCase()));
    if (bad.length) throw new UsageError(`Invalid state list '${state}'. Valid states are: ${STATES.join(', ')}`, 'e.g. --state Stable,Empty');
    wanted = new Set(asked.map((s) => s.toLowerCase()));
  }
  let groups = await listConsumerGroups(session, withState);
  if (wanted) groups = groups.filter((g) => wanted!.has((g.state ?? '').toLowerCase()));
  present(format, {
    text: () => '',
    table: () => ({ head: withState ? ['GROUP', 'STATE'] : ['GROUP'], rows: groups.map((g) => (withState ? [g.groupId, g.state] : [g.groupId])) }),
    json: () => groups.map((g) => (withState ? { group: g.groupId, state: g.state } : { group: g.groupId })),
  });
  if (format === undefined || format === 'text') {
    if (withState) write(formatListWithState(groups.map((g) => ({ groupId: g.groupId, state: g.state ?? 'Unknown' }))));
    else write(groups.map((g) => `${g.groupId}\n`).join(''));
  }
}

/** Kafka's messages about a group's state; false when there is nothing more to print for it. */
function reportState(group: string, state: string, rows: number): boolean {
  if (state === 'Dead') {
    write(`\nError: Consumer group '${group}' does not exist.\n`);
    setExitCode(1);
    return false;
  }
  if (state === 'Empty') info(`\nConsumer group '${group}' has no active members.`);
  if (['PreparingRebalance', 'CompletingRebalance', 'Assigning', 'Reconciling'].includes(state)) info(`\nWarning: Consumer group '${group}' is rebalancing.`);
  return rows > 0;
}

async function describe(session: import('../admin/groups.js').GroupsSession, ids: string[], argv: Argv, format: OutputFormat | undefined) {
  const groups = await import('../admin/groups.js');
  const table = await import('../format/groups-table.js');
  const sub = [argv.members, argv.offsets, argv.state !== undefined].filter(Boolean).length;
  if (sub > 1)
    throw new UsageError('Option [describe] takes at most one of these options: [members], [offsets], [state]', 'Use one of --members, --offsets, --state.');
  if (argv.state)
    throw new UsageError('Option [describe] does not take a value for [state]', 'Use --describe --state (to filter by state, use --list --state Stable).');
  const mode = argv.members ? 'members' : argv.state !== undefined ? 'state' : 'offsets';
  const text = format === undefined || format === 'text';
  const results: unknown[] = [];
  const tableRows: (string | number | undefined)[][] = [];
  for (const id of [...ids].sort()) {
    const d = await groups.describeGroup(session, id);
    if (mode === 'offsets') {
      const rows = d.state === 'Dead' ? [] : await groups.describeOffsets(session, d);
      if (text) {
        if (reportState(id, d.state, rows.length)) write(table.formatOffsetsTable(rows));
      } else {
        if (d.state === 'Dead') setExitCode(1);
        results.push({
          group: id,
          state: d.state,
          partitions: rows.map((r) => ({
            topic: r.topic ?? null,
            partition: r.partition ?? null,
            currentOffset: num(r.currentOffset),
            logEndOffset: num(r.logEndOffset),
            lag: num(r.lag),
            consumerId: r.consumerId ?? null,
            host: r.host ?? null,
            clientId: r.clientId ?? null,
          })),
        });
        for (const r of rows) tableRows.push([id, r.topic, r.partition, r.currentOffset, r.logEndOffset, r.lag, r.consumerId, r.host, r.clientId]);
      }
    } else if (mode === 'members') {
      const rows = groups.memberRows(d);
      if (text) {
        reportState(id, d.state, rows.length);
        write(table.formatMembersTable(rows, Boolean(argv.verbose)));
      } else {
        if (d.state === 'Dead') setExitCode(1);
        results.push({
          group: id,
          state: d.state,
          members: rows.map((m) => ({
            consumerId: m.consumerId,
            groupInstanceId: m.groupInstanceId ?? null,
            host: m.host,
            clientId: m.clientId,
            partitions: [...m.assignment.values()].reduce((s, p) => s + p.length, 0),
            assignment: Object.fromEntries(m.assignment),
          })),
        });
        for (const m of rows)
          tableRows.push([
            id,
            m.consumerId,
            m.host,
            m.clientId,
            [...m.assignment.values()].reduce((s, p) => s + p.length, 0),
            table.assignmentText(m.assignment),
          ]);
      }
    } else {
      if (text) {
        if (reportState(id, d.state, 1)) write(table.formatStateTable(await groups.stateRow(session, d)));
      } else if (d.state === 'Dead') {
        setExitCode(1);
        results.push({ group: id, state: 'Dead' });
      } else {
        const s = await groups.stateRow(session, d);
        results.push({
          group: id,
          coordinator: { id: s.coordinatorId, host: s.coordinatorHost, port: s.coordinatorPort },
          assignmentStrategy: s.assignmentStrategy || null,
          state: s.state,
          members: s.members,
        });
        tableRows.push([id, `${s.coordinatorHost}:${s.coordinatorPort} (${s.coordinatorId})`, s.assignmentStrategy || '-', s.state, s.members]);
      }
    }
  }
  if (text) return;
  const head =
    mode === 'offsets'
      ? ['GROUP', 'TOPIC', 'PARTITION', 'CURRENT-OFFSET', 'LOG-END-OFFSET', 'LAG', 'CONSUMER-ID', 'HOST', 'CLIENT-ID']
      : mode === 'members'
        ? ['GROUP', 'CONSUMER-ID', 'HOST', 'CLIENT-ID', '#PARTITIONS', 'ASSIGNMENT']
        : ['GROUP', 'COORDINATOR (ID)', 'ASSIGNMENT-STRATEGY', 'STATE', '#MEMBERS'];
  present(format, { text: () => '', table: () => ({ head, rows: tableRows }), json: () => results });
}

const num = (s: string | undefined) => (s === undefined ? null : Number(s));

async function remove(session: import('../admin/groups.js').GroupsSession, ids: string[], format: OutputFormat | undefined) {
  const { deleteGroups } = await import('../admin/groups.js');
  const failures = await deleteGroups(session, ids);
  const failed = new Set(failures.map((f) => f.groupId));
  const deleted = ids.filter((id) => !failed.has(id));
  if (failures.length) setExitCode(1);
  if (format === 'json')
    return present(format, { text: () => '', json: () => ({ deleted, failed: failures.map((f) => ({ group: f.groupId, reason: f.reason })) }) });
  if (format === 'table') {
    return present(format, {
      text: () => '',
      table: () => ({ head: ['GROUP', 'RESULT'], rows: ids.map((id) => [id, failed.has(id) ? failures.find((f) => f.groupId === id)!.reason : 'deleted']) }),
      json: () => null,
    });
  }
  if (failures.length === 0) write(`Deletion of requested consumer groups (${ids.map((i) => `'${i}'`).join(', ')}) was successful.\n`);
  else {
    if (deleted.length) write(`These consumer groups were deleted successfully: ${deleted.map((i) => `'${i}'`).join(', ')}\n`);
    write('\nError: Deletion of some consumer groups failed:\n');
    for (const f of failures) write(`* Group '${f.groupId}' could not be deleted due to: ${f.reason}\n`);
  }
}

async function reset(session: import('../admin/groups.js').GroupsSession, ids: string[], argv: Argv, format: OutputFormat | undefined) {
  const plan = await import('../format/reset-plan.js');
  const groups = await import('../admin/groups.js');
  const scenarios: import('../format/reset-plan.js').ResetScenario[] = [];
  if (argv.toEarliest) scenarios.push({ kind: 'earliest' });
  if (argv.toLatest) scenarios.push({ kind: 'latest' });
  if (argv.toCurrent) scenarios.push({ kind: 'current' });
  if (argv.toOffset !== undefined) scenarios.push({ kind: 'offset', offset: intOption(argv.toOffset, '--to-offset') });
  if (argv.shiftBy !== undefined) scenarios.push({ kind: 'shift', by: intOption(argv.shiftBy, '--shift-by') });
  if (argv.toDatetime !== undefined) scenarios.push({ kind: 'datetime', timestamp: plan.parseResetDatetime(argv.toDatetime) });
  if (argv.byDuration !== undefined) scenarios.push({ kind: 'datetime', timestamp: Date.now() - plan.parseIsoDuration(argv.byDuration) });
  if (scenarios.length !== 1) {
    throw new UsageError(
      'Option [reset-offsets] takes exactly one of: --to-earliest, --to-latest, --to-current, --to-offset, --shift-by, --to-datetime, --by-duration',
      'e.g. --reset-offsets --group g --topic t --to-earliest',
    );
  }
  if (argv.execute && argv.dryRun)
    throw new UsageError('Option [reset-offsets] only accepts one of [execute] and [dry-run]', 'Leave out --dry-run to apply the reset.');
  const topics = argv.topic ?? [];
  if (topics.length === 0 && !argv.allTopics)
    throw new UsageError('One of the reset scopes should be defined: --all-topics, --topic.', 'e.g. --topic my-topic or --topic my-topic:0,1 or --all-topics');
  const scope = argv.allTopics ? ('all' as const) : topics.map(plan.parseTopicScope);
  if (!argv.execute && !argv.dryRun && format !== 'json') info(plan.DRY_RUN_WARNING);
  const text = format === undefined || format === 'text';
  const results: unknown[] = [];
  const tableRows: (string | number)[][] = [];
  let refused = false;
  const planned: { group: string; topic: string; partition: number; offset: number }[] = [];
  for (const id of ids) {
    const d = await groups.describeGroup(session, id);
    if (d.state !== 'Empty' && d.state !== 'Dead') {
      refused = true;
      const message = `Assignments can only be reset if the group '${id}' is inactive, but the current state is ${d.state}.`;
      if (text) write(`\nError: ${message}\n`);
      else results.push({ group: id, error: message, offsets: [] });
      continue;
    }
    const p = await groups.planReset(session, id, scope, scenarios[0]!);
    for (const w of p.warnings) warn(w);
    if (text) for (const n of plan.kafkaOrder(p.notices.map((n) => ({ n, ...tpOf(n) })))) write(`\nWarn: ${n.n}\n`);
    if (argv.execute) await groups.applyReset(session, id, p);
    if (text) {
      if (argv.export) write(plan.formatResetCsv(p.offsets));
      else planned.push(...plan.kafkaOrder(p.offsets).map((o) => ({ group: id, ...o })));
    } else {
      results.push({ group: id, executed: Boolean(argv.execute), offsets: plan.kafkaOrder(p.offsets) });
      for (const o of plan.kafkaOrder(p.offsets)) tableRows.push([id, o.topic, o.partition, o.offset]);
    }
  }
  // one table for all groups, printed even when every group was refused (as Kafka does)
  if (text && !argv.export) write(plan.formatResetPlan(planned));
  if (!text) present(format, { text: () => '', table: () => ({ head: ['GROUP', 'TOPIC', 'PARTITION', 'NEW-OFFSET'], rows: tableRows }), json: () => results });
  if (refused) {
    setExitCode(1);
    if (!text) return;
    // one line of our own after Kafka's text, so a script sees why the exit code is 1
    info("hint: stop the group's consumers first (kafka-lab consumer-groups describe <group> --members shows them).");
  }
}

function tpOf(notice: string): { topic: string; partition: number } {
  const m = /^Partition (\d+) from topic (.+) is empty\./.exec(notice);
  return { topic: m?.[2] ?? '', partition: Number(m?.[1] ?? 0) };
}

function intOption(n: number, flag: string): number {
  if (!Number.isInteger(n)) throw new UsageError(`${flag} needs a whole number, got '${n}'`, `e.g. ${flag} 5`);
  return n;
}

async function deleteOffsets(session: import('../admin/groups.js').GroupsSession, ids: string[], argv: Argv, format: OutputFormat | undefined) {
  const { deleteGroupOffsets } = await import('../admin/groups.js');
  const { parseTopicScope } = await import('../format/reset-plan.js');
  const { formatDeleteOffsets } = await import('../format/groups-table.js');
  const { errorName } = await import('../client/errors.js');
  const group = ids[0]!;
  const topics = (argv.topic ?? []).map(String);
  const r = await deleteGroupOffsets(session, group, topics.map(parseTopicScope));
  const failed = r.topLevelCode !== 0 || r.partitions.some((p) => p.error !== null);
  if (failed) setExitCode(1);
  if (format === undefined || format === 'text') {
    write(formatDeleteOffsets(group, topics, r.topLevelCode === 0 ? 'NONE' : errorName(r.topLevelCode), r.partitions));
    return;
  }
  const rows = [...r.partitions].sort((a, b) => (a.topic === b.topic ? a.partition - b.partition : a.topic < b.topic ? -1 : 1));
  present(format, {
    text: () => '',
    table: () => ({
      head: ['TOPIC', 'PARTITION', 'STATUS'],
      rows: rows.map((p) => [p.topic, p.partition >= 0 ? p.partition : 'Not Provided', p.error ?? 'Successful']),
    }),
    json: () => ({
      group,
      error: r.topLevelCode === 0 ? null : errorName(r.topLevelCode),
      partitions: rows.map((p) => ({ topic: p.topic, partition: p.partition >= 0 ? p.partition : null, deleted: p.error === null, error: p.error })),
    }),
  });
}
