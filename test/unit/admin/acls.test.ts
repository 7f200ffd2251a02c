import { describe, expect, it } from 'vitest';
import {
  addingText,
  bindingsOf,
  currentByPrincipalText,
  currentText,
  deleteFiltersOf,
  entryText,
  groupByResource,
  listFilterOf,
  parseOperation,
  parsePrincipal,
  planAcls,
  removeQuestion,
  resourceText,
  type AclsArgs,
} from '../../../src/admin/acls.js';
import { UsageError } from '../../../src/errors.js';

const plan = (a: AclsArgs) => planAcls(a);
const ops = (entries: { operation: number }[]) => entries.map((e) => e.operation).sort((x, y) => x - y);

function usage(a: AclsArgs): string {
  try {
    plan(a);
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return (err as Error).message;
  }
  throw new Error('expected a usage error');
}

describe('acls plan (Kafka AclCommand rules)', () => {
  it('--producer: Write, Describe, Create on each topic; Write, Describe on a transactional id; IdempotentWrite on the cluster with --idempotent', () => {
    const p = plan({ add: true, allowPrincipal: ['User:client'], producer: true, topic: ['orders'], transactionalId: ['tx-1'], idempotent: true });
    expect(p.action).toBe('add');
    if (p.action !== 'add') return;
    const by = (t: number) => p.resources.find((r) => r.resource.resourceType === t)!;
    expect(by(2).resource).toEqual({ resourceType: 2, resourceName: 'orders', patternType: 3 });
    expect(ops(by(2).entries)).toEqual([4, 5, 8]);
    expect(ops(by(5).entries)).toEqual([4, 8]);
    expect(by(4).resource.resourceName).toBe('kafka-cluster');
    expect(ops(by(4).entries)).toEqual([12]);
    expect(by(2).entries[0]).toMatchObject({ principal: 'User:client', host: '*', permissionType: 3 });
  });

  it('--producer --consumer on one topic merges their operations; the group gets Read', () => {
    const p = plan({ add: true, allowPrincipal: ['User:a'], producer: true, consumer: true, topic: ['t'], group: ['g'] });
    if (p.action !== 'add') throw new Error('add');
    expect(ops(p.resources.find((r) => r.resource.resourceType === 2)!.entries)).toEqual([3, 4, 5, 8]);
    expect(ops(p.resources.find((r) => r.resource.resourceType === 3)!.entries)).toEqual([3]);
  });

  it('plain form: principals x operations x hosts, allow and deny, default host *, default operation All', () => {
    const p = plan({
      add: true,
      allowPrincipal: ['User:a', 'User:b'],
      denyPrincipal: ['User:c'],
      denyHost: ['10.0.0.1'],
      operation: ['Read', 'WRITE'],
      topic: ['t'],
    });
    if (p.action !== 'add') throw new Error('add');
    const e = p.resources[0]!.entries;
    expect(e).toHaveLength(6);
    expect(e.filter((x) => x.permissionType === 2).every((x) => x.host === '10.0.0.1' && x.principal === 'User:c')).toBe(true);
    const all = plan({ add: true, allowPrincipal: ['User:a'], group: ['g'] });
    if (all.action !== 'add') throw new Error('add');
    expect(ops(all.resources[0]!.entries)).toEqual([2]);
  });

  it('--resource-pattern-type prefixed is kept; any/match only for --list/--remove; the cluster drops out of non-literal filters', () => {
    const p = plan({ add: true, allowPrincipal: ['User:a'], operation: ['Read'], topic: ['orders-'], resourcePatternType: 'PREFIXED' });
    if (p.action !== 'add') throw new Error('add');
    expect(p.resources[0]!.resource.patternType).toBe(4);
    expect(usage({ add: true, allowPrincipal: ['User:a'], topic: ['t'], resourcePatternType: 'any' })).toBe(
      "A '--resource-pattern-type' value of 'ANY' is not valid when adding acls.",
    );
    const l = plan({ list: true, topic: ['t'], cluster: true, resourcePatternType: 'match' });
    if (l.action !== 'list') throw new Error('list');
    expect(l.filters).toEqual([{ resourceType: 2, resourceName: 't', patternType: 2 }]);
    expect(usage({ list: true, resourcePatternType: 'bogus' })).toBe("unknown --resource-pattern-type 'bogus'");
  });

  it('--remove without entries deletes everything on the resource; with entries only those', () => {
    const p = plan({ remove: true, topic: ['t'], force: true });
    if (p.action !== 'remove') throw new Error('remove');
    expect(p.force).toBe(true);
    expect(deleteFiltersOf(p.resources[0]!)).toEqual([
      { resourceType: 2, resourceName: 't', patternType: 3, principal: null, host: null, operation: 1, permissionType: 1 },
    ]);
    const q = plan({ remove: true, topic: ['t'], allowPrincipal: ['User:a'], operation: ['Read'] });
    if (q.action !== 'remove') throw new Error('remove');
    expect(deleteFiltersOf(q.resources[0]!)).toEqual([
      { resourceType: 2, resourceName: 't', patternType: 3, principal: 'User:a', host: '*', operation: 3, permissionType: 3 },
    ]);
  });

  it('--list without resources lists everything', () => {
    const l = plan({ list: true });
    if (l.action !== 'list') throw new Error('list');
    expect(l.filters).toEqual([]);
    expect(listFilterOf(undefined)).toEqual({
      resourceType: 1,
      resourceName: null,
      patternType: 1,
      principal: null,
      host: null,
      operation: 1,
      permissionType: 1,
    });
  });

  it("refuses what Kafka refuses, with Kafka's words", () => {
    expect(usage({ topic: ['t'] })).toBe('Command must include exactly one action: --list, --add, --remove.');
    expect(usage({ add: true, list: true })).toBe('Command must include exactly one action: --list, --add, --remove.');
    expect(usage({ list: true, producer: true })).toBe('Option "[list]" can\'t be used with option "[producer]"');
    expect(usage({ add: true, producer: true, topic: ['t'], operation: ['Read'], allowPrincipal: ['User:a'] })).toBe(
      'Option "[producer]" can\'t be used with option "[operation]"',
    );
    expect(usage({ add: true, producer: true, allowPrincipal: ['User:a'] })).toBe('With --producer you must specify a --topic');
    expect(usage({ add: true, consumer: true, topic: ['t'], allowPrincipal: ['User:a'] })).toBe(
      'With --consumer you must specify a --topic and a --group and no --cluster or --transactional-id option should be specified.',
    );
    expect(usage({ add: true, idempotent: true, topic: ['t'], allowPrincipal: ['User:a'] })).toBe(
      'The --idempotent option is only available if --producer is set',
    );
    expect(usage({ add: true, principal: ['User:a'], topic: ['t'] })).toBe('The --principal option is only available if --list is set');
    expect(usage({ add: true, allowPrincipal: ['User:a'], operation: ['Read'] })).toMatch(
      /^You must provide at least one resource: --topic <topic> or --cluster/,
    );
    expect(usage({ add: true, operation: ['Read'], topic: ['t'] })).toBe(
      'You must specify one of: --allow-principal, --deny-principal when trying to add ACLs.',
    );
    expect(usage({ add: true, allowPrincipal: ['User:a'], operation: ['Write'], group: ['g'] })).toBe(
      'ResourceType GROUP only supports operations Read, Describe, Delete, All',
    );
  });

  it('principals are type:name; operations take Kafka spellings in any case, and the enum spelling', () => {
    expect(parsePrincipal(' User:alice ')).toBe('User:alice');
    expect(parsePrincipal('User:*')).toBe('User:*');
    expect(parsePrincipal('User:CN=a:b')).toBe('User:CN=a:b');
    for (const bad of ['client', ':x', 'User:', ''])
      expect(() => parsePrincipal(bad)).toThrow(/expected a principal in the format principalType:principalName but got/);
    expect(parseOperation('IdempotentWrite')).toBe(12);
    expect(parseOperation('IDEMPOTENT_WRITE')).toBe(12);
    expect(parseOperation('describeconfigs')).toBe(10);
    expect(() => parseOperation('Frobnicate')).toThrow("unknown operation 'Frobnicate'");
  });
});

describe("acls text (Kafka 3.9's AclCommand)", () => {
  const writeAcl = { principal: 'User:client', host: '*', operation: 4, permissionType: 3 };
  const topic = { resourceType: 2, resourceName: 'orders', patternType: 3 };

  it('prints resources and entries like ResourcePattern / AccessControlEntry', () => {
    expect(resourceText(topic)).toBe('ResourcePattern(resourceType=TOPIC, name=orders, patternType=LITERAL)');
    expect(resourceText({ resourceType: 1, resourceName: null, patternType: 1 })).toBe('ResourcePattern(resourceType=ANY, name=<any>, patternType=ANY)');
    expect(entryText(writeAcl)).toBe('(principal=User:client, host=*, operation=WRITE, permissionType=ALLOW)');
    expect(entryText({ ...writeAcl, operation: 12, permissionType: 2 })).toBe(
      '(principal=User:client, host=*, operation=IDEMPOTENT_WRITE, permissionType=DENY)',
    );
  });

  it("lays a block out as 3.9 does: ': ' and a newline, ' \\t' before the first entry, ' ' after the last, an empty line", () => {
    const groups = groupByResource([
      { ...topic, ...writeAcl },
      { ...topic, ...writeAcl, operation: 8 },
      { resourceType: 3, resourceName: 'g1', patternType: 3, ...writeAcl, operation: 3 },
    ]);
    expect(currentText(groups)).toBe(
      'Current ACLs for resource `ResourcePattern(resourceType=TOPIC, name=orders, patternType=LITERAL)`: \n' +
        ' \t(principal=User:client, host=*, operation=WRITE, permissionType=ALLOW)\n' +
        '\t(principal=User:client, host=*, operation=DESCRIBE, permissionType=ALLOW) \n\n' +
        'Current ACLs for resource `ResourcePattern(resourceType=GROUP, name=g1, patternType=LITERAL)`: \n' +
        ' \t(principal=User:client, host=*, operation=READ, permissionType=ALLOW) \n\n',
    );
    expect(addingText({ resource: topic, entries: [writeAcl] })).toBe(
      'Adding ACLs for resource `ResourcePattern(resourceType=TOPIC, name=orders, patternType=LITERAL)`: \n \t(principal=User:client, host=*, operation=WRITE, permissionType=ALLOW) \n\n',
    );
    expect(currentByPrincipalText(groups, ['User:nobody'])).toBe('ACLs for principal `User:nobody`\n');
    expect(removeQuestion({ resource: topic, entries: [] })).toBe(
      'Are you sure you want to delete all ACLs for resource filter `ResourcePattern(resourceType=TOPIC, name=orders, patternType=LITERAL)`? (y/n)',
    );
    expect(removeQuestion({ resource: topic, entries: [writeAcl] })).toBe(
      'Are you sure you want to remove ACLs: \n \t(principal=User:client, host=*, operation=WRITE, permissionType=ALLOW) \n from resource filter `ResourcePattern(resourceType=TOPIC, name=orders, patternType=LITERAL)`? (y/n)',
    );
  });

  it('groups duplicate bindings once and turns an entry list into bindings', () => {
    const groups = groupByResource([
      { ...topic, ...writeAcl },
      { ...topic, ...writeAcl },
    ]);
    expect(groups[0]!.entries).toHaveLength(1);
    expect(bindingsOf(groups[0]!)).toEqual([{ ...topic, ...writeAcl }]);
  });
});
