import { readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { currentEnv } from './output/io.js';

/** Root of the installed package (holds templates/ and package.json). */
export const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
export const templatesDir = join(packageRoot, 'templates');

/** $KAFKA_LAB_HOME, default ~/.kafka-lab: engines, logs and run state live here. */
export function kafkaLabHome(env: NodeJS.ProcessEnv = currentEnv()): string {
  return env.KAFKA_LAB_HOME && env.KAFKA_LAB_HOME.length > 0 ? env.KAFKA_LAB_HOME : join(homedir(), '.kafka-lab');
}

export function enginesDir(env: NodeJS.ProcessEnv = currentEnv()): string {
  return join(kafkaLabHome(env), 'engines');
}

/** The versions of the engine folders named `<prefix><version>` (e.g. kafka-3.9.2), as found, not checked. */
export function engineFolderVersions(prefix: string, env: NodeJS.ProcessEnv = currentEnv()): string[] {
  try {
    return readdirSync(enginesDir(env))
      .filter((n) => n.startsWith(prefix))
      .map((n) => n.slice(prefix.length));
  } catch {
    return [];
  }
}

/** Kafka Connect plugins installed by `kafka-lab plugin install`: one folder per plugin (a plugin.path entry). */
export function pluginsDir(env: NodeJS.ProcessEnv = currentEnv()): string {
  return join(kafkaLabHome(env), 'plugins');
}

/**
 * Where pid files of processes started by kafka-lab live. Separate override so tests
 * (and parallel labs) can keep their own process table while sharing installed engines.
 */
export function runDir(env: NodeJS.ProcessEnv = currentEnv()): string {
  return env.KAFKA_LAB_RUN_DIR && env.KAFKA_LAB_RUN_DIR.length > 0 ? env.KAFKA_LAB_RUN_DIR : join(kafkaLabHome(env), 'run');
}

/** Default LOG_DIR for a server process when the user sets none. */
export function defaultLogDir(name: string, env: NodeJS.ProcessEnv = currentEnv()): string {
  return join(kafkaLabHome(env), 'logs', name);
}
