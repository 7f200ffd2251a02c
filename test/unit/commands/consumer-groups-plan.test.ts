/**
 * consumer-groups' options to a plan (src/admin/consumer-groups-plan.ts): one action, the groups,
 * and each action's own options checked with the texts kafka-lab gives, before anything connects.
 */
import { describe, expect, it } from 'vitest';
import { consumerGroupsPlan, pickGroupAction } from '../../../src/admin/consumer-groups-plan.js';

const usage = (message: string) => expect.objectContaining({ kind: 'usage', exitCode: 2, message });
const NOW = Date.parse('2024-06-01T12:00:00.000Z');

describe('the action', () => {
  it("comes from Kafka's flag or the subcommand (reset is short for reset-offsets), exactly one", () => {
    expect(pickGroupAction({ list: true })).toBe('list');
    expect(pickGroupAction({ action: 'describe' })).toBe('describe');
    expect(pickGroupAction({ action: 'reset' })).toBe('reset-offsets');
    expect(pickGroupAction({ action: 'reset-offsets', resetOffsets: true })).toBe('reset-offsets');
    expect(pickGroupAction({ deleteOffsets: true })).toBe('delete-offsets');
    const oneAction = usage('Command must include exactly one action: --list, --describe, --delete, --reset-offsets, --delete-offsets');
    expect(() => pickGroupAction({})).toThrow(oneAction);
    expect(() => pickGroupAction({ list: true, describe: true })).toThrow(oneAction);
    expect(() => pickGroupAction({ action: 'list', delete: true })).toThrow(oneAction);
  });
});

describe('list', () => {
  it('plans the connection (with --verbose for the client) and the text format by default', () => {
    expect(consumerGroupsPlan({ list: true, bootstrapServer: 'h:1', timeout: 5000, verbose: true })).toEqual({
      action: 'list',
      withState: false,
      states: undefined,
      format: 'text',
      connection: { bootstrapServer: 'h:1', commandConfig: undefined, timeout: 5000, verbose: true },
    });
  });

  it('--state alone adds the column; --state A,B filters by states in any case', () => {
    expect(consumerGroupsPlan({ list: true, state: '' })).toMatchObject({ withState: true, states: undefined });
    expect(consumerGroupsPlan({ action: 'list', state: 'stable, Empty', output: 'json' })).toMatchObject({
      withState: true,
      states: ['stable', 'empty'],
      format: 'json',
    });
    expect(() => consumerGroupsPlan({ list: true, state: 'Stable,Sleeping' })).toThrow(
      usage(
        "Invalid state list 'Stable,Sleeping'. Valid states are: Unknown, PreparingRebalance, CompletingRebalance, Stable, Dead, Empty, Assigning, Reconciling",
      ),
    );
  });
});

describe('describe', () => {
  it('offsets by default, or --members (with --verbose) or --state; groups by name, both forms', () => {
    expect(consumerGroupsPlan({ describe: true, group: ['a', 'b'] })).toMatchObject({
      action: 'describe',
      groups: { all: false, ids: ['a', 'b'] },
      view: 'offsets',
      verbose: false,
    });
    expect(consumerGroupsPlan({ action: 'describe', name: 'g', members: true, verbose: true })).toMatchObject({
      groups: { all: false, ids: ['g'] },
      view: 'members',
      verbose: true,
      connection: { verbose: true },
    });
    expect(consumerGroupsPlan({ describe: true, group: ['g'], state: '' })).toMatchObject({ view: 'state' });
    expect(consumerGroupsPlan({ describe: true, allGroups: true, offsets: true })).toMatchObject({ groups: { all: true }, view: 'offsets' });
  });

  it('needs a group, takes one view, and --state without a value', () => {
    expect(() => consumerGroupsPlan({ describe: true })).toThrow(usage('--describe needs --group GROUP (or --all-groups)'));
    expect(() => consumerGroupsPlan({ describe: true, group: ['g'], members: true, state: '' })).toThrow(
      usage('Option [describe] takes at most one of these options: [members], [offsets], [state]'),
    );
    expect(() => consumerGroupsPlan({ describe: true, group: ['g'], state: 'Stable' })).toThrow(usage('Option [describe] does not take a value for [state]'));
  });
});

describe('delete', () => {
  it('the groups named, or every group', () => {
    expect(consumerGroupsPlan({ delete: true, group: ['a'], name: 'b', output: 'table' })).toMatchObject({
      action: 'delete',
      groups: { all: false, ids: ['a', 'b'] },
      format: 'table',
    });
    expect(consumerGroupsPlan({ delete: true, allGroups: true })).toMatchObject({ groups: { all: true } });
    expect(() => consumerGroupsPlan({ action: 'delete' })).toThrow(usage('--delete needs --group GROUP (or --all-groups)'));
  });
});

describe('reset-offsets', () => {
  const base = { resetOffsets: true, group: ['g'], topic: ['t'] };

  it('each scenario, parsed before anything connects', () => {
    const scenario = (extra: object) => (consumerGroupsPlan({ ...base, ...extra }, NOW) as { scenario: unknown }).scenario;
    expect(scenario({ toEarliest: true })).toEqual({ kind: 'earliest' });
    expect(scenario({ toLatest: true })).toEqual({ kind: 'latest' });
    expect(scenario({ toCurrent: true })).toEqual({ kind: 'current' });
    expect(scenario({ toOffset: 7 })).toEqual({ kind: 'offset', offset: 7 });
    expect(scenario({ shiftBy: -2 })).toEqual({ kind: 'shift', by: -2 });
    expect(scenario({ toDatetime: '2020-01-01T00:00:00.000' })).toEqual({ kind: 'datetime', timestamp: Date.parse('2020-01-01T00:00:00.000Z') });
    expect(scenario({ byDuration: 'PT1H' })).toEqual({ kind: 'datetime', timestamp: NOW - 3_600_000 });
  });

  it('the scope: topics with their partitions, or --all-topics; a dry run unless --execute', () => {
    expect(consumerGroupsPlan({ ...base, topic: ['t:0,1', 'u'], toEarliest: true })).toMatchObject({
      action: 'reset-offsets',
      groups: { all: false, ids: ['g'] },
      scope: [{ topic: 't', partitions: [0, 1] }, { topic: 'u' }],
      execute: false,
      dryRunImplied: true,
      export: false,
    });
    expect(consumerGroupsPlan({ action: 'reset', name: 'g', allTopics: true, toLatest: true, dryRun: true, export: true })).toMatchObject({
      scope: 'all',
      execute: false,
      dryRunImplied: false,
      export: true,
    });
    expect(consumerGroupsPlan({ ...base, toLatest: true, execute: true })).toMatchObject({ execute: true, dryRunImplied: false });
  });

  it('refuses what Kafka refuses, with its texts', () => {
    const oneScenario = usage(
      'Option [reset-offsets] takes exactly one of: --to-earliest, --to-latest, --to-current, --to-offset, --shift-by, --to-datetime, --by-duration',
    );
    expect(() => consumerGroupsPlan(base)).toThrow(oneScenario);
    expect(() => consumerGroupsPlan({ ...base, toEarliest: true, toLatest: true })).toThrow(oneScenario);
    expect(() => consumerGroupsPlan({ ...base, toEarliest: true, execute: true, dryRun: true })).toThrow(
      usage('Option [reset-offsets] only accepts one of [execute] and [dry-run]'),
    );
    expect(() => consumerGroupsPlan({ resetOffsets: true, group: ['g'], toEarliest: true })).toThrow(
      usage('One of the reset scopes should be defined: --all-topics, --topic.'),
    );
    expect(() => consumerGroupsPlan({ ...base, toOffset: 2.5 })).toThrow(usage("--to-offset needs a whole number, got '2.5'"));
    expect(() => consumerGroupsPlan({ ...base, byDuration: 'an hour' })).toThrow(usage("invalid duration 'an hour' for --by-duration"));
    expect(() => consumerGroupsPlan({ ...base, toDatetime: 'yesterday' })).toThrow(usage("invalid date-time 'yesterday' for --to-datetime"));
    expect(() => consumerGroupsPlan({ ...base, topic: ['t:x'], toEarliest: true })).toThrow(usage("invalid partition 'x' in --topic t:x"));
    expect(() => consumerGroupsPlan({ resetOffsets: true, topic: ['t'], toEarliest: true })).toThrow(
      usage('--reset-offsets needs --group GROUP (or --all-groups)'),
    );
  });
});

describe('delete-offsets', () => {
  it('one group and its topics, as typed and parsed', () => {
    expect(consumerGroupsPlan({ deleteOffsets: true, group: ['g'], topic: ['t:0,1', 'u'] })).toMatchObject({
      action: 'delete-offsets',
      group: 'g',
      topics: ['t:0,1', 'u'],
      scopes: [{ topic: 't', partitions: [0, 1] }, { topic: 'u' }],
    });
    expect(consumerGroupsPlan({ action: 'delete-offsets', name: 'g', topic: ['t'] })).toMatchObject({ group: 'g' });
  });

  it('refuses no topic, no group, several groups or --all-groups (catalogue row S19)', () => {
    const takes = usage('Option [delete-offsets] takes the following options: [group], [topic]');
    expect(() => consumerGroupsPlan({ deleteOffsets: true, group: ['g'] })).toThrow(takes);
    expect(() => consumerGroupsPlan({ deleteOffsets: true, topic: ['t'] })).toThrow(takes);
    expect(() => consumerGroupsPlan({ deleteOffsets: true, allGroups: true, group: ['g'], topic: ['t'] })).toThrow(takes);
    expect(() => consumerGroupsPlan({ deleteOffsets: true, group: ['a', 'b'], topic: ['t'] })).toThrow(usage('--delete-offsets takes one --group at a time'));
  });
});
