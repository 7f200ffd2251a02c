/**
 * Port blocks for labs in tests. They are drawn below Linux's ephemeral range (32768-60999 by
 * default): a lab keeps its ports for minutes (a broker restarted, a broker added), and a port in
 * the ephemeral range can meanwhile become the local port of some other test's client connection.
 */
import { createServer } from 'node:net';

const LOWEST = 20000;
const HIGHEST = 32000;

/** Whether nothing listens on the port (an exclusive listen on loopback succeeds). */
export function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen({ port, host: '127.0.0.1', exclusive: true }, () => s.close(() => resolve(true)));
  });
}

/** A base port b for which every port of ports(b) is free, e.g. (b) => [b, b + 1, b + 100]. */
export async function freePortBlock(ports: (base: number) => number[]): Promise<number> {
  const span = Math.max(...ports(0));
  for (let attempt = 0; attempt < 100; attempt++) {
    const base = LOWEST + Math.floor(Math.random() * (HIGHEST - LOWEST - span));
    let free = true;
    for (const p of ports(base)) if (!(await portFree(p))) free = false;
    if (free) return base;
  }
  throw new Error(`no free block of ports between ${LOWEST} and ${HIGHEST}`);
}

/** n consecutive ports from base. */
export const run = (base: number, n: number, from = 0): number[] => Array.from({ length: n }, (_, i) => base + from + i);
