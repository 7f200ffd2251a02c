/** Shared pieces of the Connect e2e tests: a worker config on free loopback ports, and pid checks. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../../helpers/kafka.js';

export async function writeStandaloneWorker(
  dir: string,
  bootstrap: string,
  pluginDir: string,
  name = 'worker.properties',
): Promise<{ file: string; port: number; url: string }> {
  const port = await freePort();
  const file = join(dir, name);
  writeFileSync(
    file,
    [
      `bootstrap.servers=${bootstrap}`,
      'key.converter=org.apache.kafka.connect.storage.StringConverter',
      'value.converter=org.apache.kafka.connect.storage.StringConverter',
      `offset.storage.file.filename=${join(dir, `${name}.offsets`)}`,
      'offset.flush.interval.ms=1000',
      `listeners=http://127.0.0.1:${port}`,
      `plugin.path=${pluginDir}`,
      // only the plugins a test needs, found through their manifests: ~4 s to start instead of 9-20 s
      'plugin.discovery=service_load',
      '',
    ].join('\n'),
  );
  return { file, port, url: `http://127.0.0.1:${port}` };
}

/** True while the pid is a live process (not a zombie). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}

export function pidFromStartLine(stdout: string): number {
  const m = /started: pid (\d+)/.exec(stdout);
  if (!m) throw new Error(`no pid in: ${stdout}`);
  return Number(m[1]);
}

export async function eventually<T>(what: string, fn: () => Promise<T | undefined> | T | undefined, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < end) {
    try {
      const v = await fn();
      if (v !== undefined && v !== false) return v;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${what} did not happen within ${timeoutMs} ms${last ? `: ${String(last)}` : ''}`);
}
