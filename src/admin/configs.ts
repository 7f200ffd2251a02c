/**
 * The work behind `kafka-lab configs`: Kafka's --add-config syntax, describe with sources
 * and synonyms in Kafka's text, and IncrementalAlterConfigs SET/DELETE.
 */
import { ConfigOp, describeConfigs, incrementalAlterConfigs, ResourceType } from '../client/admin.js';
import type { QuotaEntityPart, QuotaEntityType, QuotaEntry, QuotaMatch } from '../client/admin-quotas.js';
import type { AdminSession } from '../client/session.js';
import { KafkaLabError, UsageError } from '../errors.js';
import { javaDouble, javaStringMapHash } from '../format/java-text.js';
import { javaHashMapOrder, javaStringHash } from '../util/java-hash.js';

export const CONFIG_SOURCES: Record<number, string> = {
  0: 'UNKNOWN',
  1: 'DYNAMIC_TOPIC_CONFIG',
  2: 'DYNAMIC_BROKER_CONFIG',
  3: 'DYNAMIC_DEFAULT_BROKER_CONFIG',
  4: 'STATIC_BROKER_CONFIG',
  5: 'DEFAULT_CONFIG',
  6: 'DYNAMIC_BROKER_LOGGER_CONFIG',
};

/** `k1=v1,k2=[a,b],k3=` → pairs; brackets keep commas inside one value (Kafka's syntax). */
export function parseAddConfig(text: string): [string, string][] {
  const out: [string, string][] = [];
  let i = 0;
  while (i < text.length) {
    const eq = text.indexOf('=', i);
    if (eq < 0) throw new Error(`Invalid entity config: all configs to be added must be in the format "key=val". Got '${text.slice(i)}'`);
    const key = text.slice(i, eq).trim();
    let j = eq + 1;
    let value: string;
    if (text[j] === '[') {
      const close = text.indexOf(']', j);
      if (close < 0) throw new Error(`unclosed '[' in the value of ${key}`);
      value = text.slice(j + 1, close);
      j = close + 1;
    } else {
      const comma = text.indexOf(',', j);
      value = text.slice(j, comma < 0 ? text.length : comma);
      j = comma < 0 ? text.length : comma;
    }
    if (!key) throw new Error('Invalid entity config: all configs to be added must be in the format "key=val".');
    out.push([key, value.trim()]);
    i = text[j] === ',' ? j + 1 : j;
  }
  return out;
}

export interface ConfigEntryView {
  name: string;
  value: string | null;
  source: string;
  sensitive: boolean;
  readOnly: boolean;
  synonyms: { name: string; value: string | null; source: string }[];
}

export type EntityType = 'topics' | 'brokers' | 'broker-loggers';

export async function describeEntityConfigs(s: AdminSession, type: EntityType, name: string): Promise<ConfigEntryView[]> {
  const resourceType = type === 'topics' ? ResourceType.TOPIC : type === 'brokers' ? ResourceType.BROKER : ResourceType.BROKER_LOGGER;
  const entries = await s.run(describeConfigs(s.client, resourceType, name), type === 'topics' ? { topic: name } : {});
  return entries
    .map((e) => ({
      name: e.name,
      value: e.value,
      source: CONFIG_SOURCES[e.source] ?? 'UNKNOWN',
      sensitive: e.sensitive,
      readOnly: e.readOnly,
      synonyms: e.synonyms.map((y) => ({ name: y.name, value: y.value, source: CONFIG_SOURCES[y.source] ?? 'UNKNOWN' })),
    }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Which entries Kafka shows without --all: those set dynamically at this entity's level. */
export function dynamicSourceFor(type: EntityType, name: string): string {
  if (type === 'topics') return 'DYNAMIC_TOPIC_CONFIG';
  if (type === 'broker-loggers') return 'DYNAMIC_BROKER_LOGGER_CONFIG';
  return name === '' ? 'DYNAMIC_DEFAULT_BROKER_CONFIG' : 'DYNAMIC_BROKER_CONFIG';
}

/** Kafka's `  name=value sensitive=false synonyms={SOURCE:name=value, ...}` line. */
export function formatConfigEntry(e: ConfigEntryView): string {
  const v = (x: string | null, sensitive: boolean) => (sensitive ? 'null' : x === null ? 'null' : x);
  const syn = e.synonyms.map((y) => `${y.source}:${y.name}=${v(y.value, e.sensitive)}`).join(', ');
  return `  ${e.name}=${v(e.value, e.sensitive)} sensitive=${e.sensitive} synonyms={${syn}}`;
}

export function describeHeader(type: EntityType, name: string, all: boolean): string {
  if (type === 'brokers' && name === '') return `${all ? 'All' : 'Default'} configs for brokers in the cluster are:`;
  const noun = type === 'topics' ? 'topic' : type === 'brokers' ? 'broker' : 'broker-logger';
  return `${all ? 'All' : 'Dynamic'} configs for ${noun} ${name} are:`;
}

export function completedMessage(type: EntityType, name: string): string {
  if (type === 'brokers' && name === '') return 'Completed updating default config for brokers in the cluster.';
  const noun = type === 'topics' ? 'topic' : type === 'brokers' ? 'broker' : 'broker-logger';
  return `Completed updating config for ${noun} ${name}.`;
}

export async function alterEntityConfigs(s: AdminSession, type: EntityType, name: string, add: [string, string][], del: string[]): Promise<void> {
  const resourceType = type === 'topics' ? ResourceType.TOPIC : type === 'brokers' ? ResourceType.BROKER : ResourceType.BROKER_LOGGER;
  if (del.length > 0) {
    // Kafka refuses to delete a key that is not set at this level
    const current = await describeEntityConfigs(s, type, name);
    const dyn = dynamicSourceFor(type, name);
    const setHere = new Set(current.filter((e) => e.source === dyn).map((e) => e.name));
    const missing = del.filter((k) => !setHere.has(k));
    if (missing.length > 0) {
      throw new KafkaLabError(`Invalid config(s): ${missing.join(',')}`, {
        kind: 'not-found',
        hint: `Only configs set on this ${type === 'topics' ? 'topic' : 'entity'} can be deleted (kafka-lab configs --describe shows them).`,
      });
    }
  }
  const changes = [...add.map(([k, v]) => ({ name: k, op: ConfigOp.SET, value: v })), ...del.map((k) => ({ name: k, op: ConfigOp.DELETE, value: null }))];
  try {
    await s.run(incrementalAlterConfigs(s.client, resourceType, name, changes), type === 'topics' ? { topic: name } : {});
  } catch (err) {
    const e = err as KafkaLabError & { cause?: { type?: string; brokerMessage?: string } };
    if (e.cause?.type === 'INVALID_CONFIG' || e.cause?.type === 'INVALID_REQUEST') {
      // the broker refused a name or value: an error of the request, exit 1 as with Kafka's kafka-configs (docs/errors.md E15, E73)
      throw new KafkaLabError(e.cause.brokerMessage ?? e.message, { kind: 'broker', hint: 'kafka-lab configs --describe --all shows valid names and values.' });
    }
    throw err;
  }
}

// ---------------------------------------------------------------- users, clients, ips (quotas and SCRAM)

/** Every entity type kafka-configs takes with --bootstrap-server (client-metrics and groups aside). */
export const ENTITY_TYPES = ['topics', 'clients', 'users', 'brokers', 'broker-loggers', 'ips'] as const;
export type ConfigEntityType = (typeof ENTITY_TYPES)[number];

export interface ConfigEntityArgs {
  entityType?: string[];
  entityName?: string[];
  /** how many times --entity-default was given */
  entityDefault?: number;
  topic?: string;
  client?: string;
  user?: string;
  broker?: string;
  brokerLogger?: string;
  ip?: string;
  clientDefaults?: boolean;
  userDefaults?: boolean;
  brokerDefaults?: boolean;
  ipDefaults?: boolean;
  describe?: boolean;
  alter?: boolean;
}

/** The entity types and names of a command line; a name of '' is the default entity of its type. */
export interface ConfigEntities {
  types: ConfigEntityType[];
  names: string[];
}

const hint = (text: string) => text;

/**
 * Kafka's ConfigCommand entityTypes / entityNames and the checks on them: --entity-type and
 * --entity-name/--entity-default, or the shorthand flags (--topic, --user, --client-defaults ...),
 * never both; only users and clients go together.
 */
export function parseConfigEntities(a: ConfigEntityArgs, isValidIp: (ip: string) => boolean = looksLikeIp): ConfigEntities {
  const flags: [string | undefined, ConfigEntityType][] = [
    [a.topic, 'topics'],
    [a.client, 'clients'],
    [a.user, 'users'],
    [a.broker, 'brokers'],
    [a.brokerLogger, 'broker-loggers'],
    [a.ip, 'ips'],
  ];
  const defaults: [boolean | undefined, ConfigEntityType][] = [
    [a.clientDefaults, 'clients'],
    [a.userDefaults, 'users'],
    [a.brokerDefaults, 'brokers'],
    [a.ipDefaults, 'ips'],
  ];
  const typed = (a.entityType ?? []).map(String);
  for (const t of typed)
    if (!(ENTITY_TYPES as readonly string[]).includes(t))
      throw new UsageError(
        `Invalid entity type ${t}, the entity type must be one of ${ENTITY_TYPES.join(', ')} with a --bootstrap-server or --bootstrap-controller argument`,
        hint('Example: --entity-type users --entity-name alice'),
      );
  const usedFlags = flags.filter(([v]) => v !== undefined);
  const usedDefaults = defaults.filter(([v]) => v);
  const entityNames = (a.entityName ?? []).map(String);
  const entityDefaults = a.entityDefault ?? 0;
  if ((typed.length > 0 || entityNames.length > 0 || entityDefaults > 0) && (usedFlags.length > 0 || usedDefaults.length > 0))
    throw new UsageError(
      '--entity-{type,name,default} should not be used in conjunction with specific entity flags',
      'Use either --entity-type T --entity-name N, or the shorthand (--topic T, --user U, --client C, --ip I, --broker B and their -defaults).',
    );
  const types = [...(typed as ConfigEntityType[]), ...usedFlags.map(([, t]) => t), ...usedDefaults.map(([, t]) => t)];
  if (entityNames.length > 0 && entityDefaults > 0 && typed.length > 1)
    throw new UsageError(
      'kafka-lab cannot tell which --entity-type an --entity-default belongs to when names and defaults are mixed',
      'Use the shorthand flags: --user alice --client-defaults (or --user-defaults --client app).',
    );
  const names = [...entityNames, ...Array<string>(entityDefaults).fill(''), ...usedFlags.map(([v]) => String(v)), ...usedDefaults.map(() => '')];
  const duplicates = types.filter((t, i) => types.indexOf(t) !== i);
  if (duplicates.length > 0) throw new UsageError(`Duplicate entity type(s) specified: ${[...new Set(duplicates)].join(',')}`, 'Give each entity type once.');
  if (types.length === 0)
    throw new UsageError('Missing required argument "[entity-type]"', 'Example: kafka-lab configs --entity-type topics --entity-name orders --describe');
  if (types.length > 1 && !(types.length === 2 && types.includes('users') && types.includes('clients')))
    throw new UsageError(
      "Only 'users' and 'clients' entity types may be specified together",
      'Example: --entity-type users --entity-name alice --entity-type clients --entity-name app',
    );
  if (names.length > types.length)
    throw new UsageError('More entity names specified than entity types', 'Give one --entity-name (or --entity-default) per --entity-type.');
  const hasName = names.some((n) => n !== '');
  const hasDefault = names.some((n) => n === '');
  if (hasName && (types.includes('brokers') || types.includes('broker-loggers')))
    for (const n of names.filter(Boolean))
      if (!/^-?\d+$/.test(n))
        throw new UsageError(
          `The entity name for ${types[0]} must be a valid integer broker id, but it is: ${n}`,
          'kafka-lab cluster info lists the broker ids.',
        );
  if (hasName && types.includes('ips'))
    for (const n of names.filter(Boolean))
      if (!isValidIp(n))
        throw new UsageError(
          `The entity name for ${types[0]} must be a valid IP or resolvable host, but it is: ${n}`,
          'Example: --entity-type ips --entity-name 127.0.0.1',
        );
  if (a.describe && types.includes('broker-loggers') && !hasName)
    throw new UsageError(`an entity name must be specified with --describe of ${types.join(',')}`, 'Example: --entity-type broker-loggers --entity-name 1');
  if (a.alter) {
    if (types.some((t) => t === 'users' || t === 'clients' || t === 'brokers' || t === 'ips')) {
      if (!hasName && !hasDefault)
        throw new UsageError(
          'an entity-name or default entity must be specified with --alter of users, clients, brokers or ips',
          'Add --entity-name NAME, or --entity-default for the default of that type.',
        );
    } else if (!hasName) throw new UsageError(`an entity name must be specified with --alter of ${types.join(',')}`, 'Add --entity-name NAME.');
    if (types.length !== names.length)
      throw new UsageError('An entity name must be specified for every entity type', 'Give one --entity-name (or --entity-default) per --entity-type.');
  }
  return { types, names };
}

/** An IPv4 or IPv6 literal, or a host name (Kafka resolves it; a lab uses literals). */
export function looksLikeIp(text: string): boolean {
  if (/^(\d{1,3})(\.\d{1,3}){3}$/.test(text)) return text.split('.').every((p) => Number(p) <= 255);
  if (text.includes(':')) return /^[0-9a-fA-F:.]+$/.test(text);
  return /^[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?(\.[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?)*$/.test(text);
}

export const USER_CLIENT_QUOTAS = ['producer_byte_rate', 'consumer_byte_rate', 'request_percentage', 'controller_mutation_rate'];
export const IP_QUOTAS = ['connection_creation_rate'];
export const SCRAM_CONFIGS = ['SCRAM-SHA-256', 'SCRAM-SHA-512'];
/** Kafka's DefaultScramIterations and the mechanisms' minimum (ScramMechanism.minIterations). */
export const DEFAULT_SCRAM_ITERATIONS = 4096;
export const MIN_SCRAM_ITERATIONS = 4096;

const QUOTA_TYPE: Record<string, QuotaEntityType> = { users: 'user', clients: 'client-id', ips: 'ip' };

/** The quota entity of an --alter (a '' name is the default entity). */
export function quotaEntity(e: ConfigEntities): QuotaEntityPart[] {
  return e.types.map((t, i) => ({ entityType: QUOTA_TYPE[t]!, entityName: e.names[i] ? e.names[i]! : null }));
}

/** The DescribeClientQuotas components of a --describe (Kafka's getAllClientQuotasConfigs, strict). */
export function quotaMatches(e: ConfigEntities): QuotaMatch[] {
  return e.types.map((t, i) => {
    const entityType = QUOTA_TYPE[t]!;
    const name = e.names[i];
    if (name === undefined) return { entityType, match: 'any' as const };
    return name === '' ? { entityType, match: 'default' as const } : { entityType, match: 'exact' as const, name };
  });
}

export type ClientConfigChange =
  | { kind: 'quota'; ops: { key: string; value: number | null }[] }
  | {
      kind: 'scram';
      user: string;
      upsertions: { mechanism: 'SCRAM-SHA-256' | 'SCRAM-SHA-512'; iterations: number; password: string }[];
      deletions: ('SCRAM-SHA-256' | 'SCRAM-SHA-512')[];
    };

/**
 * An --alter of users, clients or ips: quotas, or (users only) SCRAM credentials, checked as
 * Kafka's ConfigCommand checks them. Error messages never include a password.
 */
export function planClientConfigChange(e: ConfigEntities, add: [string, string][], del: string[]): ClientConfigChange {
  const head = e.types[0]!;
  const names = (keys: string[]) => keys.join(',');
  if (head === 'ips') {
    const unknown = [...add.map(([k]) => k), ...del].filter((k) => !IP_QUOTAS.includes(k));
    if (unknown.length > 0)
      throw new UsageError(
        `Only connection quota configs can be added for 'ips' using --bootstrap-server. Unexpected config names: ${names(unknown)}`,
        `ips take ${IP_QUOTAS.join(', ')}.`,
      );
    return { kind: 'quota', ops: quotaOps(add, del) };
  }
  const isScram = (k: string) => SCRAM_CONFIGS.includes(k);
  const isQuota = (k: string) => USER_CLIENT_QUOTAS.includes(k);
  const unknownAdd = add.map(([k]) => k).filter((k) => !isScram(k) && !isQuota(k));
  const unknownDel = del.filter((k) => !isScram(k) && !isQuota(k));
  const scramAdd = add.filter(([k]) => isScram(k));
  const scramDel = del.filter(isScram);
  if (head === 'clients' || e.types.length === 2) {
    if (unknownAdd.length > 0 || scramAdd.length > 0)
      throw new UsageError(
        `Only quota configs can be added for 'clients' using --bootstrap-server. Unexpected config names: ${names([...unknownAdd, ...scramAdd.map(([k]) => k)])}`,
        `Quotas: ${USER_CLIENT_QUOTAS.join(', ')} (SCRAM credentials belong to --entity-type users alone).`,
      );
    if (unknownDel.length > 0 || scramDel.length > 0)
      throw new UsageError(
        `Only quota configs can be deleted for 'clients' using --bootstrap-server. Unexpected config names: ${names([...unknownDel, ...scramDel])}`,
        `Quotas: ${USER_CLIENT_QUOTAS.join(', ')}.`,
      );
    return { kind: 'quota', ops: quotaOps(add, del) };
  }
  if (unknownAdd.length > 0)
    throw new UsageError(
      `Only quota and SCRAM credential configs can be added for 'users' using --bootstrap-server. Unexpected config names: ${names(unknownAdd)}`,
      `Quotas: ${USER_CLIENT_QUOTAS.join(', ')}; credentials: SCRAM-SHA-256=[password=...], SCRAM-SHA-512=[iterations=8192,password=...].`,
    );
  if (unknownDel.length > 0)
    throw new UsageError(
      `Only quota and SCRAM credential configs can be deleted for 'users' using --bootstrap-server. Unexpected config names: ${names(unknownDel)}`,
      `Quotas: ${USER_CLIENT_QUOTAS.join(', ')}; credentials: ${SCRAM_CONFIGS.join(', ')}.`,
    );
  if (scramAdd.length === 0 && scramDel.length === 0) return { kind: 'quota', ops: quotaOps(add, del) };
  if (e.names[0] === '')
    throw new UsageError(
      'The use of --entity-default or --user-defaults is not allowed with User SCRAM Credentials using --bootstrap-server.',
      'SCRAM credentials belong to one user: --entity-name NAME.',
    );
  if (add.length > scramAdd.length || del.length > scramDel.length)
    throw new UsageError(
      "Cannot alter both quota and SCRAM credential configs simultaneously for 'users' using --bootstrap-server.",
      'Run two commands: one for the quotas, one for the credentials.',
    );
  return {
    kind: 'scram',
    user: e.names[0]!,
    upsertions: scramAdd.map(([k, v]) => ({ mechanism: k as 'SCRAM-SHA-256', ...parseScramCredential(k, v) })),
    deletions: scramDel as ('SCRAM-SHA-256' | 'SCRAM-SHA-512')[],
  };
}

function quotaOps(add: [string, string][], del: string[]): { key: string; value: number | null }[] {
  return [
    ...add.map(([key, value]) => {
      const n = Number(value);
      if (value.trim() === '' || !Number.isFinite(n))
        throw new UsageError(`Cannot parse quota configuration value for ${key}: ${value}`, `A quota is a number, e.g. ${key}=1048576.`);
      return { key, value: n };
    }),
    ...del.map((key) => ({ key, value: null })),
  ];
}

/** `[iterations=N,]password=P` (Kafka's credential syntax); never echoes the password. */
export function parseScramCredential(mechanism: string, text: string): { iterations: number; password: string } {
  const m = /^(?:iterations=(-?[0-9]*),)?password=(.*)$/s.exec(text);
  if (!m)
    throw new UsageError(
      `Invalid credential property ${mechanism}=[...]: expected [iterations=N,]password=PASSWORD (the value is not shown: it may hold a password)`,
      `Example: --add-config '${mechanism}=[iterations=8192,password=PASSWORD]'`,
    );
  const iterations = m[1] !== undefined && m[1] !== '-1' ? Number.parseInt(m[1], 10) : DEFAULT_SCRAM_ITERATIONS;
  if (!Number.isInteger(iterations))
    throw new UsageError(
      `Invalid credential property ${mechanism}=[...]: iterations must be a whole number`,
      `Example: ${mechanism}=[iterations=8192,password=...]`,
    );
  if (iterations < MIN_SCRAM_ITERATIONS)
    throw new UsageError(
      `Iterations ${iterations} is less than the minimum ${MIN_SCRAM_ITERATIONS} required for ${mechanism}`,
      'Use 4096 (the default) to 16384 iterations.',
    );
  return { iterations, password: m[2]! };
}

const QUOTA_TYPE_TEXT: Record<QuotaEntityType, string> = { user: 'user-principal', 'client-id': 'client-id', ip: 'ip' };

/**
 * Kafka's `Quota configs for <entity> are k=v, ...` lines, in the order Kafka prints them: the
 * iteration order of the HashMaps its admin client fills from the response, values as Java
 * doubles (1024.0, 1.048576E7).
 */
export function quotaLines(entries: QuotaEntry[]): string[] {
  const entityHash = (q: QuotaEntry) => (31 + javaStringMapHash(q.entity.map((p) => [p.entityType, p.entityName]))) | 0;
  return javaHashMapOrder(entries, entityHash, entries.length).map((q) => {
    const part = (t: QuotaEntityType) => {
      const p = q.entity.find((x) => x.entityType === t);
      if (!p) return [];
      return [p.entityName !== null ? `${QUOTA_TYPE_TEXT[t]} '${p.entityName}'` : `the default ${QUOTA_TYPE_TEXT[t]}`];
    };
    const entity = [...part('user'), ...part('client-id'), ...part('ip')].join(', ');
    const values = javaHashMapOrder(q.values, (v) => javaStringHash(v.key), q.values.length)
      .map((v) => `${v.key}=${javaDouble(v.value)}`)
      .join(', ');
    return `Quota configs for ${entity} are ${values}`;
  });
}

/** Kafka's `SCRAM credential configs for user-principal 'u' are SCRAM-SHA-256=iterations=4096, ...`. */
export function scramLine(user: string, credentials: { mechanism: string; iterations: number }[]): string {
  return `SCRAM credential configs for user-principal '${user}' are ${credentials.map((c) => `${c.mechanism}=iterations=${c.iterations}`).join(', ')}`;
}

/** `Completed updating config for user alice.` / `Completed updating default config for clients in the cluster.` */
export function completedEntityMessage(e: ConfigEntities): string {
  const head = e.types[0]!;
  const name = e.names[0] ?? '';
  if (name === '') return `Completed updating default config for ${head} in the cluster.`;
  return `Completed updating config for ${head.slice(0, -1)} ${name}.`;
}
