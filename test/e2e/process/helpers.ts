/** Shared bits of the process-command tests: temp labs on free loopback ports, small JVMs. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, type RunResult } from '../../helpers/cli.js';

export interface Lab {
  dir: string;
  env: NodeJS.ProcessEnv;
  run(args: string[], timeoutMs?: number): Promise<RunResult>;
  write(name: string, lines: Record<string, string | number>): string;
}

export function newLab(prefix: string): Lab {
  const dir = mkdtempSync(join(tmpdir(), `kafka-lab-${prefix}-`));
  const env: NodeJS.ProcessEnv = {
    KAFKA_LAB_RUN_DIR: join(dir, 'run'),
    LOG_DIR: join(dir, 'logs'),
    KAFKA_HEAP_OPTS: '-Xmx256m -Xms64m',
    // quick-starting small JVMs for tests (the variable is honoured like Kafka's scripts do)
    KAFKA_JVM_PERFORMANCE_OPTS: '-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Djava.awt.headless=true',
  };
  return {
    dir,
    env,
    run: (args, timeoutMs = 150_000) => runCli(args, { env, cwd: dir, timeoutMs }),
    write(name, lines) {
      const file = join(dir, name);
      writeFileSync(
        file,
        `${Object.entries(lines)
          .map(([k, v]) => `${k}=${v}`)
          .join('\n')}\n`,
      );
      return file;
    },
  };
}

export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function waitGone(pid: number, ms = 20_000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (!pidAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return !pidAlive(pid);
}

export function kraftProps(dir: string, nodeId: number, port: number, controllerPort: number, dynamic: boolean): Record<string, string | number> {
  return {
    'process.roles': 'broker,controller',
    'node.id': nodeId,
    ...(dynamic
      ? { 'controller.quorum.bootstrap.servers': `127.0.0.1:${controllerPort}` }
      : { 'controller.quorum.voters': `${nodeId}@127.0.0.1:${controllerPort}` }),
    listeners: `PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
    'advertised.listeners': `PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
    'controller.listener.names': 'CONTROLLER',
    'log.dirs': dir,
    'offsets.topic.replication.factor': 1,
    'transaction.state.log.replication.factor': 1,
    'transaction.state.log.min.isr': 1,
  };
}
