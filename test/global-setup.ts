/**
 * One shared ZooKeeper + broker for the client-command tests (each test file uses its own
 * topic names). Tests that need their own processes (process commands, clusters, faults)
 * start them themselves.
 */
import type { TestProject } from 'vitest/node';
import { startZkCluster, type TestCluster } from './helpers/kafka.js';

let cluster: TestCluster | undefined;

export async function setup(project: TestProject): Promise<void> {
  cluster = await startZkCluster();
  project.provide('bootstrap', cluster.bootstrap);
  project.provide('zookeeper', cluster.zookeeper ?? '');
}

export async function teardown(): Promise<void> {
  await cluster?.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    bootstrap: string;
    zookeeper: string;
  }
}
