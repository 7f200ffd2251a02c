/**
 * Where a client command finds its broker when --bootstrap-server is absent:
 * the profile cluster-scaffold writes into a lab folder (current folder only),
 * then $KAFKA_BOOTSTRAP_SERVERS, then localhost:9092 (Kafka's own default).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export const PROFILE_FILE = '.kafka-lab-profile.json';

export interface Profile {
  /** comma-separated host:port list */
  bootstrapServers: string;
  /** client properties (Kafka names) applied like --command-config; relative to the profile's folder */
  commandConfig?: string;
  name?: string;
  /** REST URL of the lab's Kafka Connect worker (kafka-lab connect --url default) */
  connectUrl?: string;
}

export function readProfile(cwd: string = process.cwd()): (Profile & { path: string }) | undefined {
  const path = join(cwd, PROFILE_FILE);
  if (!existsSync(path)) return undefined;
  try {
    const p = JSON.parse(readFileSync(path, 'utf8')) as Profile;
    if (typeof p.bootstrapServers !== 'string') return undefined;
    return { ...p, commandConfig: p.commandConfig ? resolve(dirname(path), p.commandConfig) : undefined, path };
  } catch {
    return undefined;
  }
}

export interface BootstrapSource {
  servers: string[];
  source: 'flag' | 'profile' | 'env' | 'default';
  commandConfig?: string;
}

export function resolveBootstrap(flag: string | undefined, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): BootstrapSource {
  const split = (s: string) =>
    s
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean);
  if (flag) return { servers: split(flag), source: 'flag' };
  const profile = readProfile(cwd);
  if (profile) return { servers: split(profile.bootstrapServers), source: 'profile', commandConfig: profile.commandConfig };
  if (env.KAFKA_BOOTSTRAP_SERVERS) return { servers: split(env.KAFKA_BOOTSTRAP_SERVERS), source: 'env' };
  return { servers: ['localhost:9092'], source: 'default' };
}
