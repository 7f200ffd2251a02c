/**
 * A connector definition read from a file: Connect's JSON (`{"name": ..., "config": {...}}`,
 * or a flat config object with a `name`), or a .properties file like connect-standalone takes.
 * Values are sent as strings, the way the REST API stores them.
 */
import { KafkaLabError, UsageError } from '../errors.js';
import { parseProperties } from '../config/properties.js';

export interface ConnectorDefinition {
  name: string;
  config: Record<string, string>;
}

function stringify(v: unknown, key: string, file: string): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v) && v.every((x) => typeof x === 'string' || typeof x === 'number')) return v.join(',');
  throw new KafkaLabError(`${file}: the value of '${key}' must be a string, number or boolean`, {
    kind: 'invalid-config',
    hint: 'Connector configs are flat key/value pairs, e.g. "topics": "a,b".',
  });
}

/** Parses a connector file's text; `nameOverride` wins over the file's own name. */
export function parseConnectorFile(text: string, file: string, nameOverride?: string): ConnectorDefinition {
  const trimmed = text.trim();
  let raw: Record<string, unknown>;
  let name: unknown;
  if (trimmed.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch (err) {
      throw new KafkaLabError(`${file} is not valid JSON: ${(err as Error).message}`, {
        kind: 'invalid-config',
        hint: 'A connector file is JSON ({"name": "...", "config": {...}}) or a .properties file (name=..., connector.class=...).',
      });
    }
    const obj = parsed as Record<string, unknown>;
    if (obj.config !== undefined && typeof obj.config === 'object' && obj.config !== null) {
      raw = { ...(obj.config as Record<string, unknown>) };
      name = obj.name ?? raw.name;
    } else {
      raw = { ...obj };
      name = obj.name;
    }
  } else {
    raw = Object.fromEntries(parseProperties(text, file));
    name = raw.name;
  }
  const finalName = nameOverride ?? (typeof name === 'string' ? name : undefined);
  if (!finalName)
    throw new KafkaLabError(`${file} does not name the connector`, {
      kind: 'invalid-config',
      hint: 'Add "name" (JSON) or name=... (properties), or pass --name.',
    });
  const config: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) config[k] = stringify(v, k, file);
  config.name = finalName;
  if (!config['connector.class'])
    throw new KafkaLabError(`${file} has no connector.class`, {
      kind: 'invalid-config',
      hint: 'Name the connector class, e.g. connector.class=FileStreamSource (kafka-lab connect plugins lists them).',
    });
  return { name: finalName, config };
}

/** `key=value` pairs from the command line (connect patch), as a config map. */
export function parseConfigPairs(pairs: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of pairs) {
    const i = p.indexOf('=');
    if (i <= 0) throw new UsageError(`'${p}' is not key=value`, 'Example: kafka-lab connect patch my-conn tasks.max=2');
    out[p.slice(0, i)] = p.slice(i + 1);
  }
  return out;
}
