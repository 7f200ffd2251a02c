/**
 * Kafka's repeatable `--property k=v` style flags (and their config files) merged into one
 * map: file first, then flags, later wins, as Kafka's console tools do.
 */
import { parseKeyValue, readPropertiesFile } from './properties.js';

export function asList(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  return (Array.isArray(v) ? v : [v]).map(String);
}

export function collectProperties(file: string | undefined, fileWhat: string, flags: { values: unknown; flag: string }[]): Map<string, string> {
  const m = new Map<string, string>();
  if (file) for (const [k, v] of readPropertiesFile(file, fileWhat).toMap()) m.set(k, v);
  for (const f of flags)
    for (const item of asList(f.values)) {
      const [k, v] = parseKeyValue(item, f.flag);
      m.set(k, v);
    }
  return m;
}
