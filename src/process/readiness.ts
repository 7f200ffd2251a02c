/** Probes that tell when a started server really serves: TCP, HTTP, ZooKeeper `srvr`, broker metadata. */
import { request } from 'node:http';
import { connect } from 'node:net';

/** Opens a TCP connection and closes it; true when something accepts on host:port. */
export function tcpProbe(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = connect({ host, port });
    const t = setTimeout(() => {
      sock.destroy();
      resolve(false);
    }, timeoutMs);
    sock.once('connect', () => {
      clearTimeout(t);
      sock.destroy();
      resolve(true);
    });
    sock.once('error', () => {
      clearTimeout(t);
      resolve(false);
    });
  });
}

/** GETs a URL; true when it answers with the expected status (200 by default). */
export function httpProbe(url: string, opts: { status?: number; timeoutMs?: number } = {}): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(url, { method: 'GET', timeout: opts.timeoutMs ?? 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode === (opts.status ?? 200));
    });
    req.once('timeout', () => req.destroy());
    req.once('error', () => resolve(false));
    req.end();
  });
}

/** Sends a ZooKeeper four-letter word and returns the reply ('' when nothing answered). */
export function fourLetterWord(host: string, port: number, word: string, timeoutMs = 2000): Promise<string> {
  return new Promise((resolve) => {
    let reply = '';
    const sock = connect({ host, port });
    const t = setTimeout(() => {
      sock.destroy();
      resolve(reply);
    }, timeoutMs);
    sock.setEncoding('utf8');
    sock.once('connect', () => sock.write(word));
    sock.on('data', (d: string) => (reply += d));
    sock.once('close', () => {
      clearTimeout(t);
      resolve(reply);
    });
    sock.once('error', () => {
      clearTimeout(t);
      resolve('');
    });
  });
}

/** ZooKeeper is ready when `srvr` answers with its mode (standalone/leader/follower). */
export async function zooKeeperReady(host: string, port: number): Promise<boolean> {
  const reply = await fourLetterWord(host, port, 'srvr');
  return /Mode: /.test(reply);
}

/** A broker is ready when its own metadata lists it (describeCluster through kafkajs). */
export async function brokerReady(address: string, nodeId: number | undefined, commandConfig?: string): Promise<boolean> {
  const [host, portText] = [address.replace(/:\d+$/, '').replace(/^\[|\]$/g, ''), address.replace(/^.*:/, '')];
  if (!(await tcpProbe(host, Number(portText)))) return false;
  // the Kafka client loads only when a broker is asked (status of a stopped lab, a ZooKeeper start need none)
  const { createKafka } = await import('../client/connection.js');
  const { kafka } = await createKafka({ bootstrapServer: address, commandConfig, timeout: 3000 });
  const admin = kafka.admin({ retry: { retries: 0 } });
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    return nodeId === undefined ? cluster.brokers.length > 0 : cluster.brokers.some((b) => b.nodeId === nodeId);
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

export interface WaitReadyOptions {
  probe: () => Promise<boolean>;
  /** returns an exit description when the process has died */
  died: () => string | undefined;
  timeoutMs: number;
  intervalMs?: number;
}

export type WaitOutcome = { ready: true } | { ready: false; reason: 'died' | 'timeout'; detail?: string };

export async function waitUntilReady(opts: WaitReadyOptions): Promise<WaitOutcome> {
  const end = Date.now() + opts.timeoutMs;
  for (;;) {
    const dead = opts.died();
    if (dead !== undefined) return { ready: false, reason: 'died', detail: dead };
    // a probe that throws means "not yet" (the server may be half up)
    if (await opts.probe().catch(() => false)) return { ready: true };
    const deadAfter = opts.died();
    if (deadAfter !== undefined) return { ready: false, reason: 'died', detail: deadAfter };
    if (Date.now() >= end) return { ready: false, reason: 'timeout' };
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 300));
  }
}
