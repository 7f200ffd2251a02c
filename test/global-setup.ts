/**
 * One shared ZooKeeper + broker for the client-command tests (each test file uses its own
 * topic names), started and stopped with kafka-lab's own foundation commands
 * (`zookeeper-start -daemon`, `server-start -daemon`, `server-stop`, `zookeeper-stop`).
 * Tests that need their own processes (process commands, clusters, faults) start them themselves.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { runCli } from './helpers/cli.js';
import { freePort, writeTestConfigs } from './helpers/kafka.js';

let env: NodeJS.ProcessEnv = {};

async function kafkaLab(args: string[]): Promise<void> {
  const r = await runCli(args, { env, timeoutMs: 180_000 });
  if (r.exitCode !== 0) throw new Error(`kafka-lab ${args.join(' ')} failed (${r.exitCode}):\n${r.stdout}\n${r.stderr}`);
}

export async function setup(project: TestProject): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kafka-lab-test-'));
  env = { KAFKA_LAB_RUN_DIR: join(dir, 'run'), LOG_DIR: join(dir, 'logs'), KAFKA_LAB_TEST_DIR: dir };
  const zkPort = await freePort();
  const port = await freePort();
  writeTestConfigs(dir, zkPort, port);
  await kafkaLab(['zookeeper-start', '-daemon', join(dir, 'zookeeper.properties'), '--heap', '256m']);
  await kafkaLab(['server-start', '-daemon', join(dir, 'server.properties'), '--heap', '512m']);
  project.provide('bootstrap', `127.0.0.1:${port}`);
  project.provide('zookeeper', `127.0.0.1:${zkPort}`);
  project.provide('logDir', join(dir, 'kafka-logs'));
}

export async function teardown(): Promise<void> {
  await runCli(['server-stop', '--all'], { env, timeoutMs: 60_000 });
  await runCli(['zookeeper-stop'], { env, timeoutMs: 60_000 });
  if (env.KAFKA_LAB_TEST_DIR) rmSync(env.KAFKA_LAB_TEST_DIR, { recursive: true, force: true });
}

declare module 'vitest' {
  export interface ProvidedContext {
    bootstrap: string;
    zookeeper: string;
    /** the shared broker's log.dirs */
    logDir: string;
  }
}
