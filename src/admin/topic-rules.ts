/**
 * Kafka's topic rules, as pure functions: name validation (clients' Topic.validate),
 * the `.`/`_` collision rule, internal topics, the --topic include-list regex and
 * --replica-assignment parsing.
 */
export const MAX_TOPIC_NAME_LENGTH = 249;
export const INTERNAL_TOPICS = ['__consumer_offsets', '__transaction_state', '__share_group_state'];

/** Kafka's text for an invalid name (without the "Topic name is invalid: " prefix), or undefined. */
export function topicNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'the empty string is not allowed';
  if (name === '.') return "'.' is not allowed";
  if (name === '..') return "'..' is not allowed";
  if (name.length > MAX_TOPIC_NAME_LENGTH) return `the length of '${name}' is longer than the max allowed length ${MAX_TOPIC_NAME_LENGTH}`;
  if (!/^[a-zA-Z0-9._-]+$/.test(name)) return `'${name}' contains one or more characters other than ASCII alphanumerics, '.', '_' and '-'`;
  return undefined;
}

export function hasCollisionChars(name: string): boolean {
  return name.includes('.') || name.includes('_');
}

/** Names equal once '.' is read as '_' collide in metric names. */
export function collidingTopics(name: string, existing: Iterable<string>): string[] {
  const unified = name.replace(/\./g, '_');
  return [...existing].filter((t) => t !== name && t.replace(/\./g, '_') === unified);
}

export function isInternalTopic(name: string): boolean {
  return INTERNAL_TOPICS.includes(name);
}

/**
 * Kafka's IncludeList: quotes stripped, spaces removed, ',' as alternation, and a full
 * match of a Java regex (the subset shared with JavaScript covers what people type).
 */
export function includeListMatcher(pattern: string): (topic: string) => boolean {
  const cleaned = pattern
    .trim()
    .replace(/^["']|["']$/g, '')
    .replace(/\s/g, '')
    .replace(/,/g, '|');
  let re: RegExp;
  try {
    re = new RegExp(`^(?:${cleaned})$`);
  } catch (err) {
    throw new Error(`invalid topic regex '${pattern}': ${(err as Error).message}`);
  }
  return (t) => re.test(t);
}

/** `--replica-assignment 1:2,2:3` → [[1,2],[2,3]] with Kafka's validation messages. */
export function parseReplicaAssignment(text: string): number[][] {
  const partitions = text.split(',').map((p) => p.trim());
  const out: number[][] = [];
  partitions.forEach((p, i) => {
    const ids = p.split(':').map((s) => s.trim());
    if (ids.some((s) => !/^-?\d+$/.test(s))) throw new Error(`invalid broker id list '${p}' for partition ${i} in --replica-assignment`);
    const nums = ids.map(Number);
    const dup = nums.find((n, j) => nums.indexOf(n) !== j);
    if (dup !== undefined) throw new Error(`Partition replica lists may not contain duplicate entries: ${dup}`);
    if (out.length > 0 && nums.length !== out[0]!.length) throw new Error(`Partition ${i} has different replication factor: [${nums.join(', ')}]`);
    out.push(nums);
  });
  return out;
}
