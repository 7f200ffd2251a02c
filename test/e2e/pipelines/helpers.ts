/** Shared pieces of the data-lake lab tests: a block of free ports, pids, /proc, polling. */
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.unref();
    s.once('error', () => resolve(false));
    s.listen({ port, host: '127.0.0.1', exclusive: true }, () => s.close(() => resolve(true)));
  });
}

/**
 * A base port whose block of `size` ports is free now (a different region per caller seed),
 * below Linux's ephemeral range (32768+), where other tests' connections take ports meanwhile.
 */
export async function freePortBlock(size: number, seed: number): Promise<number> {
  for (let i = 0; i < 60; i++) {
    const base = 20000 + ((seed * 7919 + i * 1009) % 120) * 100;
    let ok = true;
    for (let p = base; p < base + size && ok; p++) ok = await portFree(p);
    if (ok) return base;
  }
  throw new Error(`no block of ${size} free ports found`);
}

export function pidAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

/** Live processes whose command line mentions a path (a JVM, mariadbd or mosquitto of a lab folder). */
export function processesMentioning(path: string): { pid: number; cmdline: string }[] {
  const found: { pid: number; cmdline: string }[] = [];
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e) || Number(e) === process.pid) continue;
    try {
      const cmdline = readFileSync(`/proc/${e}/cmdline`, 'utf8').split('\0').join(' ');
      if (cmdline.includes(path) && pidAlive(Number(e))) found.push({ pid: Number(e), cmdline: cmdline.slice(0, 200) });
    } catch {
      /* gone meanwhile */
    }
  }
  return found;
}

export async function eventually<T>(what: string, fn: () => Promise<T>, holds: (v: T) => boolean, timeoutMs: number): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: T | undefined;
  let error: unknown;
  for (;;) {
    try {
      last = await fn();
      if (holds(last)) return last;
    } catch (e) {
      error = e;
    }
    if (Date.now() > end) throw new Error(`${what} did not happen within ${timeoutMs} ms (last: ${JSON.stringify(last)}${error ? `, ${String(error)}` : ''})`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}
