/**
 * The lab's only door to the engine (src/engine): which version, is it installed, get one.
 * Imported lazily by commands, so the engine's modules load only when a lab runs.
 */
import { randomBytes } from 'node:crypto';
import { KafkaLabError } from '../errors.js';
import type { Engine } from '../engine/engine.js';

/** A KRaft cluster id as kafka-storage random-uuid prints it: 16 random bytes, URL-safe base64, no padding. */
export function newClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    // Kafka never hands out ids starting with '-' (they read as a flag on a command line)
    if (!id.startsWith('-')) return id;
  }
}

export async function defaultEngineVersion(): Promise<string> {
  const { DEFAULT_KAFKA_VERSION } = await import('../engine/index.js');
  return DEFAULT_KAFKA_VERSION;
}

export async function engineInstalled(version: string): Promise<boolean> {
  const { isInstalled } = await import('../engine/apache/install.js');
  return isInstalled(version);
}

export async function requireEngine(version: string): Promise<Engine> {
  if (!(await engineInstalled(version))) {
    throw new KafkaLabError(`Kafka ${version} is not installed`, { hint: `Install it with: kafka-lab engine install ${version}` });
  }
  const { resolveEngine } = await import('../engine/index.js');
  return resolveEngine({ version });
}

export async function installEngineIfMissing(version: string, onProgress?: (text: string) => void): Promise<boolean> {
  const { installApacheEngine } = await import('../engine/apache/install.js');
  const r = await installApacheEngine(version, { onProgress });
  return r.installed;
}
