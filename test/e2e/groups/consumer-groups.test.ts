/**
 * consumer-groups against the shared real broker, side by side with Kafka's own
 * ConsumerGroupCommand (3.9 jars): same stdout bytes.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { type BackgroundTool, commitGroupOffsets, committed, createTopic, produce, startKafkaTool } from '../../helpers/client.js';
import { runKafkaTool } from '../../helpers/kafka.js';

const bootstrap = inject('bootstrap');
const suffix = `${process.pid}-${Date.now()}`;
const topic = `cg-topic-${suffix}`;
const idle = `cg-idle-${suffix}`;
const active = `cg-active-${suffix}`;
const CGC = 'org.apache.kafka.tools.consumer.group.ConsumerGroupCommand';

let member: BackgroundTool | undefined;

const java = (args: string[]) => runKafkaTool(CGC, ['--bootstrap-server', bootstrap, ...args]);
const ours = (args: string[]) => runCli(['consumer-groups', '--bootstrap-server', bootstrap, ...args]);

beforeAll(async () => {
  await createTopic(bootstrap, topic, { partitions: 3 });
  for (let p = 0; p < 3; p++) {
    await produce(
      bootstrap,
      topic,
      Array.from({ length: 10 * (p + 1) }, (_, i) => ({ partition: p, value: `m${i}` })),
    );
  }
  // an Empty group with commits on partitions 0 and 1 only
  await commitGroupOffsets(bootstrap, idle, [
    { topic, partition: 0, offset: 5 },
    { topic, partition: 1, offset: 20 },
  ]);
});

afterAll(async () => {
  await member?.stop();
});

/** The committed offset of the idle group on one partition of the topic. */
const committedAt = async (group: string, partition: number) =>
  (await committed(bootstrap, group)).find((o) => o.topic === topic && o.partition === partition)?.offset;

describe('describe: identical bytes to ConsumerGroupCommand', () => {
  it('offsets of an empty group (both command forms)', async () => {
    const j = await java(['--describe', '--group', idle]);
    const a = await ours(['--describe', '--group', idle]);
    const b = await ours(['describe', idle]);
    expect(j.stdout).toContain('LOG-END-OFFSET');
    expect(a.stdout).toBe(j.stdout);
    expect(b.stdout, b.stderr).toBe(j.stdout);
    expect(a.stderr).toBe(`\nConsumer group '${idle}' has no active members.\n`);
    expect(a.exitCode).toBe(0);
    // partition 1: committed 20, end 20 → lag 0; partition 0: 5 of 10 → lag 5
    expect(a.stdout).toMatch(new RegExp(`${idle} +${topic} +0 +5 +10 +5 +- +- +-`));
  });

  it('--members and --state of an empty group', async () => {
    for (const extra of [['--members'], ['--members', '--verbose'], ['--state']]) {
      const j = await java(['--describe', '--group', idle, ...extra]);
      const a = await ours(['--describe', '--group', idle, ...extra]);
      expect(a.stdout, extra.join(' ')).toBe(j.stdout);
    }
  });

  it('a group that does not exist', async () => {
    const j = await java(['--describe', '--group', `nope-${suffix}`]);
    const a = await ours(['--describe', '--group', `nope-${suffix}`]);
    expect(a.stdout).toBe(j.stdout);
    expect(a.stdout).toBe(`\nError: Consumer group 'nope-${suffix}' does not exist.\n`);
    expect(a.exitCode).toBe(1);
  });

  it('--output json and table', async () => {
    const a = await ours(['describe', idle, '--output', 'json']);
    const parsed = JSON.parse(a.stdout) as { group: string; state: string; partitions: { partition: number; lag: number | null }[] }[];
    expect(parsed[0]!.group).toBe(idle);
    expect(parsed[0]!.state).toBe('Empty');
    expect(parsed[0]!.partitions.find((p) => p.partition === 0)!.lag).toBe(5);
    const t = await ours(['describe', idle, '-o', 'table']);
    expect(t.stdout).toContain('CURRENT-OFFSET');
    expect(t.stdout).toContain('│');
  });
});

describe('list', () => {
  it("lists the group, with --state in Kafka's layout", async () => {
    const a = await ours(['--list']);
    expect(a.stdout.split('\n')).toContain(idle);
    const s = await ours(['list', '--state']);
    expect(s.stdout.split('\n')[0]).toMatch(/^GROUP +STATE +$/);
    expect(s.stdout).toMatch(new RegExp(`\n${idle} +Empty +\n`));
    const bad = await ours(['--list', '--state', 'Sleeping']);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain("Invalid state list 'Sleeping'");
  });

  it('--verbose reaches the client: its request lines on stderr, the list unchanged on stdout', async () => {
    const plain = await ours(['--list']);
    const v = await ours(['--list', '--verbose']);
    expect(v.exitCode).toBe(0);
    expect(v.stderr).toMatch(/^\[kafka\] \S+ ListGroups v\d+ [\d.]+ ms/m);
    expect(plain.stderr).not.toContain('[kafka]');
    expect(v.stdout.split('\n')).toContain(idle);
  });
});

describe('reset-offsets', () => {
  it('dry run by default: same plan and warning as Kafka, nothing changed', async () => {
    const args = ['--reset-offsets', '--group', idle, '--topic', topic, '--to-earliest'];
    const j = await java(args);
    const a = await ours(args);
    expect(a.stdout).toBe(j.stdout);
    expect(a.stderr).toContain('WARN: No action will be performed as the --execute option is missing.');
    expect(await committedAt(idle, 0)).toBe(5);
  });

  it('--shift-by on chosen partitions and --to-offset clamping match Kafka', async () => {
    for (const args of [
      ['--reset-offsets', '--group', idle, '--topic', `${topic}:0,1`, '--shift-by', '-2', '--dry-run'],
      ['--reset-offsets', '--group', idle, '--all-topics', '--to-offset', '1000', '--dry-run'],
      ['--reset-offsets', '--group', idle, '--topic', topic, '--to-datetime', '2020-01-01T00:00:00.000', '--dry-run'],
    ]) {
      const j = await java(args);
      const a = await ours(args);
      expect(a.stdout, args.join(' ')).toBe(j.stdout);
    }
  });

  it('--execute applies the plan (subcommand form), printing what Kafka prints', async () => {
    const j = await java(['--reset-offsets', '--group', idle, '--topic', `${topic}:0`, '--to-offset', '7', '--dry-run']);
    const a = await ours(['reset-offsets', idle, '--topic', `${topic}:0`, '--to-offset', '7', '--execute']);
    expect(a.stdout).toBe(j.stdout);
    expect(a.exitCode).toBe(0);
    expect(await committedAt(idle, 0)).toBe(7);
  });

  it('usage errors', async () => {
    const noScope = await ours(['--reset-offsets', '--group', idle, '--to-earliest']);
    expect(noScope.exitCode).toBe(2);
    expect(noScope.stderr).toContain('One of the reset scopes should be defined: --all-topics, --topic.');
    const two = await ours(['--reset-offsets', '--group', idle, '--all-topics', '--to-earliest', '--to-latest']);
    expect(two.exitCode).toBe(2);
    const noAction = await ours(['--group', idle]);
    expect(noAction.exitCode).toBe(2);
    expect(noAction.stderr).toContain('Command must include exactly one action');
    const noGroup = await runCli(['consumer-groups', '--describe', '--bootstrap-server', '127.0.0.1:1']);
    expect(noGroup.exitCode).toBe(2);
    expect(noGroup.stderr).toContain('--describe needs --group GROUP');
  });
});

describe('an active group', () => {
  it("describe matches Kafka, and reset is refused with Kafka's message", async () => {
    // Kafka's console consumer as the group's one member: reads all 60 records and commits them, then stays
    member = startKafkaTool('org.apache.kafka.tools.consumer.ConsoleConsumer', [
      '--bootstrap-server',
      bootstrap,
      '--topic',
      topic,
      '--group',
      active,
      '--from-beginning',
      '--consumer-property',
      'auto.commit.interval.ms=100',
      '--timeout-ms',
      '180000',
    ]);
    const end = Date.now() + 60_000;
    let offsets: number[] = [];
    while (Date.now() < end) {
      offsets = (await committed(bootstrap, active).catch(() => [])).filter((o) => o.topic === topic).map((o) => o.offset);
      if (offsets.sort((x, y) => x - y).join() === '10,20,30') break;
      await new Promise((r) => setTimeout(r, 300));
    }
    expect(offsets, member.output()).toEqual([10, 20, 30]);

    for (const extra of [[], ['--members'], ['--members', '--verbose'], ['--state']]) {
      const j = await java(['--describe', '--group', active, ...extra]);
      const a = await ours(['--describe', '--group', active, ...extra]);
      expect(a.stdout, extra.join(' ')).toBe(j.stdout);
    }
    const args = ['--reset-offsets', '--group', active, '--topic', topic, '--to-earliest', '--execute'];
    const j = await java(args);
    const a = await ours(args);
    expect(a.stdout).toBe(j.stdout);
    expect(a.stdout).toContain(`Error: Assignments can only be reset if the group '${active}' is inactive, but the current state is Stable.`);
    expect(a.exitCode).toBe(1);

    const del = await ours(['--delete', '--group', active]);
    expect(del.stdout).toContain('GroupNotEmptyException: The group is not empty.');
    expect(del.exitCode).toBe(1);
  });
});

describe('delete', () => {
  it('an unknown group: same text as Kafka; then the idle group is deleted', async () => {
    const j = await java(['--delete', '--group', `nope-${suffix}`]);
    const a = await ours(['--delete', '--group', `nope-${suffix}`]);
    expect(a.stdout).toBe(j.stdout);
    expect(a.exitCode).toBe(1);
    const ok = await ours(['delete', idle]);
    expect(ok.stdout).toBe(`Deletion of requested consumer groups ('${idle}') was successful.\n`);
    expect(ok.exitCode).toBe(0);
    const gone = await ours(['describe', idle]);
    expect(gone.stdout).toContain('does not exist');
  });
});
