/**
 * Kafka's kafka-consumer-groups text layout (ConsumerGroupCommand, 3.9), as pure functions.
 * Column widths, `-` for missing values and even the 3.9 quirks (no newline after the last
 * describe row, reset rows on one line) are reproduced so that output is byte-identical.
 */

import { javaHashMapOrder, javaStringHash, topicPartitionHash } from '../util/java-hash.js';

import type { PlannedOffset } from '../admin/reset-plan.js';

export const MISSING = '-';

/** Java's `%-Ns`: left-justified, padded with spaces to at least N characters. */
export function padRight(value: string, width: number): string {
  return value.length >= width ? value : value + ' '.repeat(width - value.length);
}

/** Java's abs for partitioning (Utils.abs): clears the sign bit. */
export function coordinatorPartition(groupId: string, offsetsTopicPartitions: number): number {
  return (javaStringHash(groupId) & 0x7fffffff) % offsetsTopicPartitions;
}

export interface PartitionRow {
  group: string;
  topic?: string;
  partition?: number;
  currentOffset?: string;
  logEndOffset?: string;
  lag?: string;
  consumerId?: string;
  host?: string;
  clientId?: string;
}

const v = (x: string | number | undefined): string => (x === undefined ? MISSING : String(x));

/** `--describe [--offsets]`: header and rows, each starting with a newline, none after the last (3.9). */
export function formatOffsetsTable(rows: readonly PartitionRow[]): string {
  let g = 15,
    t = 15,
    c = 15,
    h = 15;
  for (const r of rows) {
    g = Math.max(g, r.group.length);
    t = Math.max(t, v(r.topic).length);
    c = Math.max(c, v(r.consumerId).length);
    h = Math.max(h, v(r.host).length);
  }
  const line = (cols: string[]) =>
    '\n' +
    [
      padRight(cols[0]!, g),
      padRight(cols[1]!, t),
      padRight(cols[2]!, 10),
      padRight(cols[3]!, 15),
      padRight(cols[4]!, 15),
      padRight(cols[5]!, 15),
      padRight(cols[6]!, c),
      padRight(cols[7]!, h),
      cols[8]!,
    ].join(' ');
  let out = line(['GROUP', 'TOPIC', 'PARTITION', 'CURRENT-OFFSET', 'LOG-END-OFFSET', 'LAG', 'CONSUMER-ID', 'HOST', 'CLIENT-ID']);
  for (const r of rows)
    out += line([r.group, v(r.topic), v(r.partition), v(r.currentOffset), v(r.logEndOffset), v(r.lag), v(r.consumerId), v(r.host), v(r.clientId)]);
  return out;
}

export interface MemberRow {
  group: string;
  consumerId: string;
  groupInstanceId?: string;
  host: string;
  clientId: string;
  /** topic → partitions */
  assignment: Map<string, number[]>;
}

/**
 * The ASSIGNMENT column of 3.9's `--members --verbose`: partitions sorted as `topic-partition`
 * strings (so 10 comes before 2), one parenthesised list per topic, topic names not shown.
 */
export function assignmentText(assignment: Map<string, number[]>): string {
  if (assignment.size === 0) return MISSING;
  const tps = [...assignment.entries()].flatMap(([topic, ps]) => ps.map((p) => ({ topic, p, key: `${topic}-${p}` })));
  tps.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const lists: { topic: string; ps: number[] }[] = [];
  for (const tp of tps) {
    const last = lists[lists.length - 1];
    if (last && last.topic === tp.topic) last.ps.push(tp.p);
    else lists.push({ topic: tp.topic, ps: [tp.p] });
  }
  return lists.map((l) => `(${l.ps.join(',')})`).join(', ');
}

/** `--describe --members [--verbose]`: a header line then one line per member, each ending in a newline. */
export function formatMembersTable(rows: readonly MemberRow[], verbose: boolean): string {
  let g = 15,
    c = 15,
    gi = 17,
    h = 15,
    cl = 15;
  let withInstance = false;
  for (const r of rows) {
    g = Math.max(g, r.group.length);
    c = Math.max(c, r.consumerId.length);
    gi = Math.max(gi, (r.groupInstanceId ?? '').length);
    h = Math.max(h, r.host.length);
    cl = Math.max(cl, r.clientId.length);
    if (r.groupInstanceId) withInstance = true;
  }
  const cells = (group: string, id: string, inst: string, host: string, client: string, n: string) =>
    withInstance
      ? `${padRight(group, g)} ${padRight(id, c)} ${padRight(inst, gi)} ${padRight(host, h)} ${padRight(client, cl)} ${padRight(n, 15)} `
      : `${padRight(group, g)} ${padRight(id, c)} ${padRight(host, h)} ${padRight(client, cl)} ${padRight(n, 15)} `;
  let out = `\n${cells('GROUP', 'CONSUMER-ID', 'GROUP-INSTANCE-ID', 'HOST', 'CLIENT-ID', '#PARTITIONS')}${verbose ? 'ASSIGNMENT' : ''}\n`;
  for (const r of rows) {
    const n = [...r.assignment.values()].reduce((s, ps) => s + ps.length, 0);
    out += `${cells(r.group, r.consumerId, r.groupInstanceId ?? '', r.host, r.clientId, String(n)) + (verbose ? assignmentText(r.assignment) : '')}\n`;
  }
  return out;
}

export interface GroupStateRow {
  group: string;
  coordinatorHost: string;
  coordinatorPort: number;
  coordinatorId: number;
  assignmentStrategy: string;
  state: string;
  members: number;
}

/** `--describe --state` (3.9: the GROUP column is as wide as the coordinator column; an empty strategy stays blank). */
export function formatStateTable(r: GroupStateRow): string {
  const coordinator = `${r.coordinatorHost}:${r.coordinatorPort}  (${r.coordinatorId})`;
  const w = Math.max(25, coordinator.length);
  const line = (a: string, b: string, c: string, d: string, e: string) => `\n${padRight(a, w)} ${padRight(b, 25)} ${padRight(c, 20)} ${padRight(d, 15)} ${e}`;
  return (
    line('GROUP', 'COORDINATOR (ID)', 'ASSIGNMENT-STRATEGY', 'STATE', '#MEMBERS') +
    line(r.group, coordinator, r.assignmentStrategy, r.state, String(r.members)) +
    '\n'
  );
}

/** `--list --state`: `%-Ws %-20s` with W = max(15, longest id) + 10, each line ending in a newline. */
export function formatListWithState(groups: readonly { groupId: string; state: string }[]): string {
  const w = Math.max(15, ...groups.map((x) => x.groupId.length)) + 10;
  let out = `${padRight('GROUP', w)} ${padRight('STATE', 20)}\n`;
  for (const x of groups) out += `${padRight(x.groupId, w)} ${padRight(x.state, 20)}\n`;
  return out;
}

/** The committed-offset rows of one group in Kafka 3.9's order: members with more partitions first, each in HashMap order, then partitions nobody owns. */
export function orderPartitions<T extends { topic: string; partition: number }>(items: readonly T[]): T[] {
  const ascending = [...items].sort((a, b) => (a.topic === b.topic ? a.partition - b.partition : a.topic < b.topic ? -1 : 1));
  return javaHashMapOrder(ascending, (x) => topicPartitionHash(x.topic, x.partition));
}

/**
 * `--delete-offsets`: Kafka's first line (success, or the error it names), then the
 * TOPIC/PARTITION/STATUS table, rows sorted by topic + partition as strings and, in 3.9,
 * printed without line breaks between them.
 */
export function formatDeleteOffsets(
  groupId: string,
  topics: string[],
  topLevel: string,
  rows: { topic: string; partition: number; error: string | null }[],
): string {
  let head: string;
  switch (topLevel) {
    case 'NONE':
      head = `Request succeed for deleting offsets with topic ${topics.join(', ')} group ${groupId}\n`;
      break;
    case 'INVALID_GROUP_ID':
      head = `\nError: '${groupId}' is not valid.\n`;
      break;
    case 'GROUP_ID_NOT_FOUND':
      head = `\nError: '${groupId}' does not exist.\n`;
      break;
    case 'GROUP_AUTHORIZATION_FAILED':
      head = `\nError: Access to '${groupId}' is not authorized.\n`;
      break;
    case 'NON_EMPTY_GROUP':
      head = `\nError: Deleting offsets of a consumer group '${groupId}' is forbidden if the group is not empty.\n`;
      break;
    case 'GROUP_SUBSCRIBED_TO_TOPIC':
    case 'TOPIC_AUTHORIZATION_FAILED':
    case 'UNKNOWN_TOPIC_OR_PARTITION':
      head = '\nError: Encounter some partition level error, see the follow-up details:\n';
      break;
    default:
      head = `\nError: Encounter some unknown error: ${topLevel}\n`;
  }
  const row = (a: string, b: string, c: string) => `${padRight(a, 30)} ${padRight(b, 15)} ${padRight(c, 15)}`;
  const sorted = [...rows].sort((x, y) => {
    const a = x.topic + String(x.partition);
    const b = y.topic + String(y.partition);
    return a < b ? -1 : a > b ? 1 : 0;
  });
  return `${head}\n${row('TOPIC', 'PARTITION', 'STATUS')}${sorted.map((r) => row(r.topic, r.partition >= 0 ? String(r.partition) : 'Not Provided', r.error !== null ? `Error: :${r.error}` : 'Successful')).join('')}`;
}

/** Orders plan rows (and notices) the way Kafka 3.9 prints them (a HashMap of TopicPartition). */
export function kafkaOrder<T extends { topic: string; partition: number }>(rows: readonly T[]): T[] {
  const ascending = [...rows].sort((a, b) => (a.topic === b.topic ? a.partition - b.partition : a.topic < b.topic ? -1 : 1));
  return javaHashMapOrder(ascending, (r) => topicPartitionHash(r.topic, r.partition));
}

/** Kafka 3.9's plan table: `\n` + header, then every row on the same line (no line breaks at all). Rows are printed in the order given. */
export function formatResetPlan(rows: readonly (PlannedOffset & { group: string })[]): string {
  const row = (a: string, b: string, c: string, d: string) => `${padRight(a, 30)} ${padRight(b, 30)} ${padRight(c, 10)} ${padRight(d, 15)}`;
  let out = `\n${row('GROUP', 'TOPIC', 'PARTITION', 'NEW-OFFSET')}`;
  for (const o of rows) out += row(o.group, o.topic, String(o.partition), String(o.offset));
  return out;
}

/** `--export`: Kafka's CSV (topic,partition,offset per line). */
export function formatResetCsv(offsets: readonly PlannedOffset[]): string {
  return `${kafkaOrder(offsets)
    .map((o) => `${o.topic},${o.partition},${o.offset}`)
    .join('\n')}\n`;
}

export const DRY_RUN_WARNING =
  'WARN: No action will be performed as the --execute option is missing.In a future major release, the default behavior of this command will be to prompt the user before executing the reset rather than doing a dry run. You should add the --dry-run option explicitly if you are scripting this command and want to keep the current default behavior without prompting.';
