/**
 * The pure core of `kafka-lab acls` (Kafka's kafka-acls / AclCommand): from the command line
 * to the ACL bindings (--add) or filters (--remove, --list) Kafka's tool would build, with its
 * --producer / --consumer conveniences and its checks; and Kafka 3.9's text for what it prints.
 */
import { UsageError } from '../errors.js';
import type { AclBinding, AclBindingFilter } from '../client/admin-acls.js';

export const ResourceType = { ANY: 1, TOPIC: 2, GROUP: 3, CLUSTER: 4, TRANSACTIONAL_ID: 5, DELEGATION_TOKEN: 6, USER: 7 } as const;
export const PatternType = { ANY: 1, MATCH: 2, LITERAL: 3, PREFIXED: 4 } as const;
export const Permission = { ANY: 1, DENY: 2, ALLOW: 3 } as const;

const RESOURCE_TYPE_NAMES: Record<number, string> = {
  0: 'UNKNOWN',
  1: 'ANY',
  2: 'TOPIC',
  3: 'GROUP',
  4: 'CLUSTER',
  5: 'TRANSACTIONAL_ID',
  6: 'DELEGATION_TOKEN',
  7: 'USER',
};
const PATTERN_TYPE_NAMES: Record<number, string> = { 0: 'UNKNOWN', 1: 'ANY', 2: 'MATCH', 3: 'LITERAL', 4: 'PREFIXED' };
const PERMISSION_NAMES: Record<number, string> = { 0: 'UNKNOWN', 1: 'ANY', 2: 'DENY', 3: 'ALLOW' };

/** Kafka's AclOperation codes and enum names (the names AccessControlEntry prints). */
export const OPERATIONS: readonly { code: number; name: string }[] = [
  { code: 2, name: 'ALL' },
  { code: 3, name: 'READ' },
  { code: 4, name: 'WRITE' },
  { code: 5, name: 'CREATE' },
  { code: 6, name: 'DELETE' },
  { code: 7, name: 'ALTER' },
  { code: 8, name: 'DESCRIBE' },
  { code: 9, name: 'CLUSTER_ACTION' },
  { code: 10, name: 'DESCRIBE_CONFIGS' },
  { code: 11, name: 'ALTER_CONFIGS' },
  { code: 12, name: 'IDEMPOTENT_WRITE' },
  { code: 13, name: 'CREATE_TOKENS' },
  { code: 14, name: 'DESCRIBE_TOKENS' },
];
const OP = Object.fromEntries(OPERATIONS.map((o) => [o.name, o.code])) as Record<string, number>;

export function operationName(code: number): string {
  return OPERATIONS.find((o) => o.code === code)?.name ?? (code === 1 ? 'ANY' : 'UNKNOWN');
}

/** Kafka's PascalCase spelling of an enum name (SecurityUtils.operationName): IDEMPOTENT_WRITE -> IdempotentWrite. */
export function pascalCase(enumName: string): string {
  return enumName
    .toLowerCase()
    .split('_')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}

/**
 * An --operation value: Kafka takes the PascalCase name in any letter case (Write, WRITE,
 * IdempotentWrite); the enum spelling with underscores (IDEMPOTENT_WRITE) is accepted too.
 */
export function parseOperation(text: string): number {
  const key = text.trim().replace(/_/g, '').toLowerCase();
  const found = OPERATIONS.find((o) => o.name.replace(/_/g, '').toLowerCase() === key);
  if (!found) {
    throw new UsageError(`unknown operation '${text.trim()}'`, `Valid operations: ${OPERATIONS.map((o) => pascalCase(o.name)).join(', ')}.`);
  }
  return found.code;
}

/** principalType:name, split at the first colon, like Kafka's SecurityUtils.parseKafkaPrincipal. */
export function parsePrincipal(text: string): string {
  const s = text.trim();
  const i = s.indexOf(':');
  if (i <= 0 || i === s.length - 1) {
    throw new UsageError(
      `expected a principal in the format principalType:principalName but got '${s}'`,
      "Write User:NAME (User:'*' for every user), e.g. --allow-principal User:alice.",
    );
  }
  return s;
}

export function parsePatternType(text: string): number {
  const key = text.trim().toUpperCase();
  const code = (PatternType as Record<string, number>)[key];
  if (code === undefined) {
    throw new UsageError(`unknown --resource-pattern-type '${text}'`, 'Use literal, prefixed, any or match (any and match only with --list or --remove).');
  }
  return code;
}

/** Operations an ACL on each resource type may name (Kafka's AclEntry.supportedOperations), plus All. */
export const SUPPORTED_OPERATIONS: Record<number, string[]> = {
  [ResourceType.TOPIC]: ['READ', 'WRITE', 'CREATE', 'DESCRIBE', 'DELETE', 'ALTER', 'DESCRIBE_CONFIGS', 'ALTER_CONFIGS', 'ALL'],
  [ResourceType.GROUP]: ['READ', 'DESCRIBE', 'DELETE', 'ALL'],
  [ResourceType.CLUSTER]: ['CREATE', 'CLUSTER_ACTION', 'DESCRIBE_CONFIGS', 'ALTER_CONFIGS', 'IDEMPOTENT_WRITE', 'ALTER', 'DESCRIBE', 'ALL'],
  [ResourceType.TRANSACTIONAL_ID]: ['DESCRIBE', 'WRITE', 'ALL'],
  [ResourceType.DELEGATION_TOKEN]: ['DESCRIBE', 'ALL'],
  [ResourceType.USER]: ['CREATE_TOKENS', 'DESCRIBE_TOKENS', 'ALL'],
};

/** A resource pattern or pattern filter, as Kafka prints it: ResourcePattern(resourceType=TOPIC, name=t, patternType=LITERAL). */
export interface ResourceKey {
  resourceType: number;
  resourceName: string | null;
  patternType: number;
}

export function resourceText(r: ResourceKey): string {
  return `ResourcePattern(resourceType=${RESOURCE_TYPE_NAMES[r.resourceType] ?? 'UNKNOWN'}, name=${r.resourceName ?? '<any>'}, patternType=${PATTERN_TYPE_NAMES[r.patternType] ?? 'UNKNOWN'})`;
}

export interface AccessEntry {
  principal: string;
  host: string;
  operation: number;
  permissionType: number;
}

/** Kafka's AccessControlEntry text: (principal=User:a, host=*, operation=WRITE, permissionType=ALLOW). */
export function entryText(e: AccessEntry): string {
  return `(principal=${e.principal}, host=${e.host}, operation=${operationName(e.operation)}, permissionType=${PERMISSION_NAMES[e.permissionType] ?? 'UNKNOWN'})`;
}

export interface AclsArgs {
  add?: boolean;
  remove?: boolean;
  list?: boolean;
  topic?: string[];
  group?: string[];
  cluster?: boolean;
  transactionalId?: string[];
  delegationToken?: string[];
  userPrincipal?: string[];
  resourcePatternType?: string;
  allowPrincipal?: string[];
  denyPrincipal?: string[];
  allowHost?: string[];
  denyHost?: string[];
  operation?: string[];
  producer?: boolean;
  consumer?: boolean;
  idempotent?: boolean;
  principal?: string[];
  force?: boolean;
}

/** What one resource (or resource filter) gets: the entries to add or remove (none: remove all of it). */
export interface ResourceEntries {
  resource: ResourceKey;
  entries: AccessEntry[];
}

export type AclsPlan =
  | { action: 'add'; resources: ResourceEntries[] }
  | { action: 'remove'; resources: ResourceEntries[]; force: boolean }
  | { action: 'list'; filters: ResourceKey[]; principals: string[] };

const has = (v: unknown[] | undefined) => (v?.length ?? 0) > 0;

/** Kafka's checkArgs: which options go together. */
function checkArgs(a: AclsArgs): 'add' | 'remove' | 'list' {
  const actions = (['add', 'remove', 'list'] as const).filter((x) => a[x]);
  if (actions.length !== 1) throw new UsageError('Command must include exactly one action: --list, --add, --remove.', 'Example: kafka-lab acls --list');
  const action = actions[0]!;
  const cannot = (used: string, other: string) =>
    new UsageError(`Option "[${used}]" can't be used with option "[${other}]"`, `kafka-lab acls --help shows which options go with --${used}.`);
  if (action === 'list') {
    for (const [flag, given] of [
      ['producer', a.producer],
      ['consumer', a.consumer],
      ['allow-host', has(a.allowHost)],
      ['allow-principal', has(a.allowPrincipal)],
      ['deny-host', has(a.denyHost)],
      ['deny-principal', has(a.denyPrincipal)],
    ] as const)
      if (given) throw cannot('list', flag);
  }
  for (const role of ['producer', 'consumer'] as const) {
    if (!a[role]) continue;
    for (const [flag, given] of [
      ['operation', has(a.operation)],
      ['deny-principal', has(a.denyPrincipal)],
      ['deny-host', has(a.denyHost)],
    ] as const)
      if (given) throw cannot(role, flag);
  }
  if (has(a.principal) && action !== 'list') throw new UsageError('The --principal option is only available if --list is set', 'Use --principal with --list.');
  if (a.producer && !has(a.topic)) throw new UsageError('With --producer you must specify a --topic', 'Example: --producer --topic orders');
  if (a.idempotent && !a.producer)
    throw new UsageError('The --idempotent option is only available if --producer is set', 'Example: --producer --idempotent --topic orders');
  if (a.consumer && (!has(a.topic) || !has(a.group) || (!a.producer && (a.cluster || has(a.transactionalId)))))
    throw new UsageError(
      'With --consumer you must specify a --topic and a --group and no --cluster or --transactional-id option should be specified.',
      'Example: --consumer --topic orders --group order-readers',
    );
  return action;
}

/** The resources named on the command line, as filters of the given pattern type (Kafka's getResourceFilter). */
function resourceFilters(a: AclsArgs, patternType: number, required: boolean): ResourceKey[] {
  const out: ResourceKey[] = [];
  const add = (resourceType: number, names: string[] | undefined, trim = true) => {
    for (const n of names ?? []) {
      const k = { resourceType, resourceName: trim ? n.trim() : n, patternType };
      if (!out.some((o) => sameResource(o, k))) out.push(k);
    }
  };
  add(ResourceType.TOPIC, a.topic);
  // the cluster has one literal name; other pattern types leave it out, as Kafka does
  if (patternType === PatternType.LITERAL && (a.cluster || a.idempotent))
    out.push({ resourceType: ResourceType.CLUSTER, resourceName: 'kafka-cluster', patternType });
  add(ResourceType.GROUP, a.group);
  add(ResourceType.TRANSACTIONAL_ID, a.transactionalId, false);
  add(ResourceType.DELEGATION_TOKEN, a.delegationToken);
  add(ResourceType.USER, a.userPrincipal);
  if (out.length === 0 && required)
    throw new UsageError(
      'You must provide at least one resource: --topic <topic> or --cluster or --group <group> or --delegation-token <Delegation Token ID>',
      'Example: kafka-lab acls --add --allow-principal User:alice --operation Read --topic orders',
    );
  return out;
}

export function sameResource(a: ResourceKey, b: ResourceKey): boolean {
  return a.resourceType === b.resourceType && a.resourceName === b.resourceName && a.patternType === b.patternType;
}

function sameEntry(a: AccessEntry, b: AccessEntry): boolean {
  return a.principal === b.principal && a.host === b.host && a.operation === b.operation && a.permissionType === b.permissionType;
}

function unique(entries: AccessEntry[]): AccessEntry[] {
  const out: AccessEntry[] = [];
  for (const e of entries) if (!out.some((o) => sameEntry(o, e))) out.push(e);
  return out;
}

/** principals x operations x hosts, allowed then denied (Kafka's getAcl). */
function entriesFor(a: AclsArgs, operations: number[]): AccessEntry[] {
  const allow = (a.allowPrincipal ?? []).map(parsePrincipal);
  const deny = (a.denyPrincipal ?? []).map(parsePrincipal);
  const allowHosts = has(a.allowHost) ? a.allowHost!.map((h) => h.trim()) : allow.length ? ['*'] : [];
  const denyHosts = has(a.denyHost) ? a.denyHost!.map((h) => h.trim()) : deny.length ? ['*'] : [];
  const out: AccessEntry[] = [];
  for (const [principals, hosts, permissionType] of [
    [allow, allowHosts, Permission.ALLOW],
    [deny, denyHosts, Permission.DENY],
  ] as const)
    for (const principal of principals) for (const operation of operations) for (const host of hosts) out.push({ principal, host, operation, permissionType });
  return unique(out);
}

/** Kafka's getResourceFilterToAcls: --producer / --consumer sets, or the --operation list on every resource. */
function filterToEntries(a: AclsArgs, patternType: number): ResourceEntries[] {
  const result: ResourceEntries[] = [];
  const put = (resource: ResourceKey, entries: AccessEntry[], merge: boolean) => {
    const existing = result.find((r) => sameResource(r.resource, resource));
    if (existing) existing.entries = merge ? unique([...existing.entries, ...entries]) : entries;
    else result.push({ resource, entries });
  };
  if (!a.producer && !a.consumer) {
    const operations = [...new Set((has(a.operation) ? a.operation! : ['All']).flatMap((o) => o.split(',')).map(parseOperation))];
    const entries = entriesFor(a, operations);
    for (const r of resourceFilters(a, patternType, true)) put(r, entries, false);
  }
  if (a.producer) {
    const filters = resourceFilters(a, patternType, true);
    for (const r of filters.filter((f) => f.resourceType === ResourceType.TOPIC)) put(r, entriesFor(a, [OP.WRITE!, OP.DESCRIBE!, OP.CREATE!]), false);
    for (const r of filters.filter((f) => f.resourceType === ResourceType.TRANSACTIONAL_ID)) put(r, entriesFor(a, [OP.WRITE!, OP.DESCRIBE!]), false);
    if (a.idempotent) {
      const cluster = filters.find((f) => f.resourceType === ResourceType.CLUSTER);
      if (cluster) put(cluster, entriesFor(a, [OP.IDEMPOTENT_WRITE!]), false);
    }
  }
  if (a.consumer) {
    const filters = resourceFilters(a, patternType, true);
    for (const r of filters.filter((f) => f.resourceType === ResourceType.TOPIC)) put(r, entriesFor(a, [OP.READ!, OP.DESCRIBE!]), true);
    for (const r of filters.filter((f) => f.resourceType === ResourceType.GROUP)) put(r, entriesFor(a, [OP.READ!]), true);
  }
  for (const r of result) {
    const valid = SUPPORTED_OPERATIONS[r.resource.resourceType] ?? [];
    const bad = r.entries.find((e) => !valid.includes(operationName(e.operation)));
    if (bad) {
      throw new UsageError(
        `ResourceType ${RESOURCE_TYPE_NAMES[r.resource.resourceType]} only supports operations ${valid.map(pascalCase).join(', ')}`,
        `--operation ${pascalCase(operationName(bad.operation))} does not apply to a ${RESOURCE_TYPE_NAMES[r.resource.resourceType]!.toLowerCase().replace('_', ' ')}.`,
      );
    }
  }
  return result;
}

/** Command line -> what to add, remove or list; every mistake is a usage error before anything is sent. */
export function planAcls(a: AclsArgs): AclsPlan {
  const action = checkArgs(a);
  const patternType = parsePatternType(a.resourcePatternType ?? 'literal');
  if (action === 'list') {
    return { action, filters: resourceFilters(a, patternType, false), principals: (a.principal ?? []).map(parsePrincipal) };
  }
  if (action === 'add') {
    if (patternType !== PatternType.LITERAL && patternType !== PatternType.PREFIXED)
      throw new UsageError(
        `A '--resource-pattern-type' value of '${PATTERN_TYPE_NAMES[patternType]}' is not valid when adding acls.`,
        'Add ACLs with --resource-pattern-type literal (the default) or prefixed.',
      );
    const resources = filterToEntries(a, patternType);
    if (resources.some((r) => r.entries.length === 0))
      throw new UsageError(
        'You must specify one of: --allow-principal, --deny-principal when trying to add ACLs.',
        'Example: kafka-lab acls --add --allow-principal User:alice --operation Read --topic orders',
      );
    return { action, resources };
  }
  return { action, resources: filterToEntries(a, patternType), force: Boolean(a.force) };
}

export function bindingsOf(r: ResourceEntries): AclBinding[] {
  return r.entries.map((e) => ({
    ...e,
    resourceType: r.resource.resourceType,
    resourceName: r.resource.resourceName ?? '',
    patternType: r.resource.patternType,
  }));
}

/** Filters deleting the given entries of a resource filter, or everything on it when there are none. */
export function deleteFiltersOf(r: ResourceEntries): AclBindingFilter[] {
  if (r.entries.length === 0) return [{ ...r.resource, principal: null, host: null, operation: 1, permissionType: Permission.ANY }];
  return r.entries.map((e) => ({ ...r.resource, ...e }));
}

export function listFilterOf(r: ResourceKey | undefined): AclBindingFilter {
  return r
    ? { ...r, principal: null, host: null, operation: 1, permissionType: Permission.ANY }
    : {
        resourceType: ResourceType.ANY,
        resourceName: null,
        patternType: PatternType.ANY,
        principal: null,
        host: null,
        operation: 1,
        permissionType: Permission.ANY,
      };
}

// ---------------------------------------------------------------- presentation

const byResource = (a: ResourceKey, b: ResourceKey) =>
  a.resourceType - b.resourceType || (a.resourceName ?? '').localeCompare(b.resourceName ?? '') || a.patternType - b.patternType;
const byEntry = (a: AccessEntry, b: AccessEntry) =>
  a.principal.localeCompare(b.principal) || a.host.localeCompare(b.host) || b.permissionType - a.permissionType || a.operation - b.operation;

export function sortResources(list: ResourceEntries[]): ResourceEntries[] {
  return [...list].sort((a, b) => byResource(a.resource, b.resource));
}

/** Bindings grouped by resource pattern, resources and entries in a stable order (Kafka's own order is a hash set's). */
export function groupByResource(bindings: AclBinding[]): ResourceEntries[] {
  const out: ResourceEntries[] = [];
  for (const b of bindings) {
    const resource = { resourceType: b.resourceType, resourceName: b.resourceName, patternType: b.patternType };
    const entry = { principal: b.principal, host: b.host, operation: b.operation, permissionType: b.permissionType };
    const found = out.find((r) => sameResource(r.resource, resource));
    if (!found) out.push({ resource, entries: [entry] });
    else if (!found.entries.some((e) => sameEntry(e, entry))) found.entries.push(entry);
  }
  for (const r of out) r.entries.sort(byEntry);
  return out.sort((a, b) => byResource(a.resource, b.resource));
}

/** Kafka 3.9's block: `<title> `RP`: ` NL ` ` entries joined by NL, ` ` NL, then println's NL. */
function block(title: string, resource: ResourceKey, entries: AccessEntry[]): string {
  return `${title} \`${resourceText(resource)}\`: \n ${[...entries]
    .sort(byEntry)
    .map((e) => `\t${entryText(e)}`)
    .join('\n')} \n\n`;
}

export function addingText(r: ResourceEntries): string {
  return block('Adding ACLs for resource', r.resource, r.entries);
}

export function currentText(groups: ResourceEntries[]): string {
  return groups.map((g) => block('Current ACLs for resource', g.resource, g.entries)).join('');
}

/** --list --principal P: Kafka's heading per principal, then that principal's entries only. */
export function currentByPrincipalText(groups: ResourceEntries[], principals: string[]): string {
  return principals
    .map(
      (p) =>
        `ACLs for principal \`${p}\`\n${currentText(groups.map((g) => ({ resource: g.resource, entries: g.entries.filter((e) => e.principal === p) })).filter((g) => g.entries.length > 0))}`,
    )
    .join('');
}

/** The question Kafka asks before --remove without --force. */
export function removeQuestion(r: ResourceEntries): string {
  if (r.entries.length === 0) return `Are you sure you want to delete all ACLs for resource filter \`${resourceText(r.resource)}\`? (y/n)`;
  return `Are you sure you want to remove ACLs: \n ${[...r.entries]
    .sort(byEntry)
    .map((e) => `\t${entryText(e)}`)
    .join('\n')} \n from resource filter \`${resourceText(r.resource)}\`? (y/n)`;
}

/** One binding as a row / JSON object. */
export function bindingView(r: ResourceKey, e: AccessEntry) {
  return {
    resourceType: RESOURCE_TYPE_NAMES[r.resourceType] ?? 'UNKNOWN',
    name: r.resourceName,
    patternType: PATTERN_TYPE_NAMES[r.patternType] ?? 'UNKNOWN',
    principal: e.principal,
    host: e.host,
    operation: operationName(e.operation),
    permissionType: PERMISSION_NAMES[e.permissionType] ?? 'UNKNOWN',
  };
}

export const TABLE_HEAD = ['RESOURCE-TYPE', 'NAME', 'PATTERN', 'PRINCIPAL', 'HOST', 'OPERATION', 'PERMISSION'];

export function tableRows(groups: ResourceEntries[]): string[][] {
  return groups.flatMap((g) => g.entries.map((e) => Object.values(bindingView(g.resource, e)).map((v) => String(v ?? '-'))));
}
