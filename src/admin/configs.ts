/**
 * The work behind `kafka-lab configs`: Kafka's --add-config syntax, describe with sources
 * and synonyms in Kafka's text, and IncrementalAlterConfigs SET/DELETE.
 */
import { ConfigOp, describeConfigs, incrementalAlterConfigs, ResourceType } from '../client/admin.js';
import type { AdminSession } from '../client/session.js';
import { KafkaLabError } from '../errors.js';

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
      // the broker refused a name or value: an error of the request, not of how the command was typed
      throw new KafkaLabError(e.cause.brokerMessage ?? e.message, { kind: 'broker', hint: 'kafka-lab configs --describe --all shows valid names and values.' });
    }
    throw err;
  }
}
