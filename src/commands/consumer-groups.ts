/**
 * kafka-consumer-groups: options become a plan (src/admin/consumer-groups-plan.ts, Kafka's checks
 * and texts, before anything connects), the work is src/admin/groups.ts over one session, and
 * the views are Kafka's text (src/format/groups-table.ts; the reset plan itself is src/admin/reset-plan.ts) or
 * kafka-lab's table and JSON. Kafka's scripts print straight to stdout without adding a
 * newline; neither do we in text mode.
 */
import { type ConsumerGroupsPlan, consumerGroupsPlan, GROUP_ACTIONS, type GroupSelection } from '../admin/consumer-groups-plan.js';
import * as groups from '../admin/groups.js';
import type { GroupsSession } from '../admin/groups.js';
import { connectionOptions } from '../client/connection.js';
import { errorName } from '../client/errors.js';
import * as table from '../format/groups-table.js';
import { OUTPUT_FORMATS, info, present, setExitCode, warn, write } from '../output/output.js';
import { defineCommand } from './types.js';

/** The plan of one action. */
type Planned<A extends ConsumerGroupsPlan['action']> = Extract<ConsumerGroupsPlan, { action: A }>;

export default defineCommand({
  command: 'consumer-groups [action] [name]',
  describe: 'List, describe, reset and delete consumer groups (kafka-consumer-groups)',
  builder: (y) =>
    connectionOptions(y)
      .positional('action', {
        choices: [...GROUP_ACTIONS, 'reset'] as const,
        describe: 'subcommand form: list | describe | delete | reset-offsets | delete-offsets',
      })
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
    const plan = consumerGroupsPlan(argv);
    const session = await groups.openGroupsSession(plan.connection);
    try {
      switch (plan.action) {
        case 'list':
          return await list(session, plan);
        case 'describe':
          return await describe(session, await groupIds(session, plan.groups), plan);
        case 'delete':
          return await remove(session, await groupIds(session, plan.groups), plan);
        case 'reset-offsets':
          return await resetOffsets(session, await groupIds(session, plan.groups), plan);
        case 'delete-offsets':
          return await deleteOffsets(session, plan);
      }
    } finally {
      await session.close();
    }
  },
});

/** The named groups, or with --all-groups every consumer group of the cluster. */
async function groupIds(session: GroupsSession, selection: GroupSelection): Promise<string[]> {
  if (!selection.all) return selection.ids;
  return (await groups.listConsumerGroups(session, false)).map((g) => g.groupId);
}

async function list(session: GroupsSession, plan: Planned<'list'>) {
  const { withState, format } = plan;
  const wanted = plan.states ? new Set(plan.states) : undefined;
  let found = await groups.listConsumerGroups(session, withState);
  if (wanted) found = found.filter((g) => wanted.has((g.state ?? '').toLowerCase()));
  present(format, {
    text: () => '',
    table: () => ({ head: withState ? ['GROUP', 'STATE'] : ['GROUP'], rows: found.map((g) => (withState ? [g.groupId, g.state] : [g.groupId])) }),
    json: () => found.map((g) => (withState ? { group: g.groupId, state: g.state } : { group: g.groupId })),
  });
  if (format === 'text') {
    if (withState) write(table.formatListWithState(found.map((g) => ({ groupId: g.groupId, state: g.state ?? 'Unknown' }))));
    else write(found.map((g) => `${g.groupId}\n`).join(''));
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

async function describe(session: GroupsSession, ids: string[], plan: Planned<'describe'>) {
  const { view: mode, format } = plan;
  const text = format === 'text';
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
        write(table.formatMembersTable(rows, plan.verbose));
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

async function remove(session: GroupsSession, ids: string[], { format }: Planned<'delete'>) {
  const failures = await groups.deleteGroups(session, ids);
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

async function resetOffsets(session: GroupsSession, ids: string[], plan: Planned<'reset-offsets'>) {
  const { format } = plan;
  if (plan.dryRunImplied && format !== 'json') info(table.DRY_RUN_WARNING);
  const text = format === 'text';
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
    const p = await groups.planReset(session, id, plan.scope, plan.scenario);
    for (const w of p.warnings) warn(w);
    if (text) for (const n of table.kafkaOrder(p.notices.map((n) => ({ n, ...tpOf(n) })))) write(`\nWarn: ${n.n}\n`);
    if (plan.execute) await groups.applyReset(session, id, p);
    if (text) {
      if (plan.export) write(table.formatResetCsv(p.offsets));
      else planned.push(...table.kafkaOrder(p.offsets).map((o) => ({ group: id, ...o })));
    } else {
      results.push({ group: id, executed: plan.execute, offsets: table.kafkaOrder(p.offsets) });
      for (const o of table.kafkaOrder(p.offsets)) tableRows.push([id, o.topic, o.partition, o.offset]);
    }
  }
  // one table for all groups, printed even when every group was refused (as Kafka does)
  if (text && !plan.export) write(table.formatResetPlan(planned));
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

async function deleteOffsets(session: GroupsSession, { group, topics, scopes, format }: Planned<'delete-offsets'>) {
  const r = await groups.deleteGroupOffsets(session, group, scopes);
  const failed = r.topLevelCode !== 0 || r.partitions.some((p) => p.error !== null);
  if (failed) setExitCode(1);
  if (format === 'text') {
    write(table.formatDeleteOffsets(group, topics, r.topLevelCode === 0 ? 'NONE' : errorName(r.topLevelCode), r.partitions));
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
