/**
 * The kinds of server kafka-lab starts, each as a small adapter: its role name (written in
 * the pid file), how people call it, its pid file name, how to recognise its process in
 * /proc/PID/cmdline, how to tell it is ready, and how to stop it. The process table
 * (servers.ts) and the launcher (launch.ts) work for any kind through these adapters, so a
 * new kind is one entry here and nothing elsewhere.
 */
import { basename } from 'node:path';
import type { ServerRecord } from '../engine/engine.js';
import { brokerReady, httpProbe, tcpProbe, zooKeeperReady } from './readiness.js';

export interface StopPolicy {
  /** the signal that asks for a clean shutdown */
  signal: NodeJS.Signals;
  /** how long to wait for it before SIGKILL, ms (callers may give their own) */
  timeoutMs: number;
}

export interface ServerKind {
  /** the role written in pid files */
  role: string;
  /** what messages call it: "Kafka broker 1", "ZooKeeper", "PostgreSQL" */
  label(record: ServerRecord): string;
  /** the pid file's name in the run folder; unique among running servers */
  pidFileName(record: ServerRecord): string;
  /** true when argv (from /proc/PID/cmdline) is this server's process and not a reused pid */
  recognise(argv: string[], record: ServerRecord): boolean;
  /** true once it serves; polled while a daemon starts (engines may pass a more exact probe) */
  probe(record: ServerRecord): Promise<boolean>;
  stop: StopPolicy;
  /** the command that stops it, for hints */
  stopHint(record: ServerRecord): string;
}

/** host and port of a record's address ("127.0.0.1:9092", "[::1]:9092"). */
export function splitAddress(address: string): { host: string; port: number } {
  const i = address.lastIndexOf(':');
  return { host: address.slice(0, i).replace(/^\[|\]$/g, ''), port: Number(address.slice(i + 1)) };
}

const portOf = (r: ServerRecord) => r.address.replace(/^.*:/, '');

/**
 * The usual rule: the program is one of `executables` (by file name) and its arguments hold
 * every one of record.match (default: the config file) as a whole argument.
 */
export function commandLineMatches(argv: string[], record: ServerRecord, executables: readonly string[]): boolean {
  if (argv.length === 0) return false; // a zombie has an empty command line
  if (!executables.includes(basename(argv[0]!))) return false;
  const wanted = record.match ?? [record.configFile];
  return wanted.length > 0 && wanted.every((a) => argv.includes(a));
}

const JAVA = ['java'];

function kind(k: Omit<ServerKind, 'recognise' | 'pidFileName' | 'stopHint'> & Partial<ServerKind> & { executables?: readonly string[] }): ServerKind {
  const executables = k.executables ?? JAVA;
  return {
    recognise: (argv, r) => commandLineMatches(argv, r, executables),
    pidFileName: (r) => `${k.role}-${portOf(r)}.json`,
    stopHint: () => 'kafka-lab cluster down',
    ...k,
  };
}

const tcpReady = (r: ServerRecord) => {
  const { host, port } = splitAddress(r.address);
  return tcpProbe(host, port);
};

export const BUILT_IN_KINDS: readonly ServerKind[] = [
  kind({
    role: 'broker',
    label: (r) => `Kafka broker ${r.nodeId ?? ''}`.trim(),
    pidFileName: (r) => `broker-${r.nodeId ?? 'auto'}-${portOf(r)}.json`,
    probe: (r) => brokerReady(r.address, r.nodeId),
    stop: { signal: 'SIGTERM', timeoutMs: 30_000 },
    stopHint: (r) => (r.nodeId === undefined ? 'kafka-lab server-stop' : `kafka-lab server-stop --node-id ${r.nodeId}`),
  }),
  kind({
    role: 'zookeeper',
    label: () => 'ZooKeeper',
    probe: (r) => {
      const { host, port } = splitAddress(r.address);
      return zooKeeperReady(host, port);
    },
    stop: { signal: 'SIGTERM', timeoutMs: 30_000 },
    stopHint: () => 'kafka-lab zookeeper-stop',
  }),
  kind({
    role: 'connect',
    label: () => 'Kafka Connect worker',
    // the REST API answers 404 while the worker initialises; GET /connectors is 200 once it serves
    probe: (r) => httpProbe(`http://${r.address}/connectors`),
    stop: { signal: 'SIGTERM', timeoutMs: 30_000 },
    stopHint: (r) => `kafka-lab connect-stop --port ${portOf(r)}`,
  }),
  kind({ role: 'namenode', label: () => 'HDFS NameNode', probe: tcpReady, stop: { signal: 'SIGTERM', timeoutMs: 30_000 } }),
  kind({ role: 'datanode', label: () => 'HDFS DataNode', probe: tcpReady, stop: { signal: 'SIGTERM', timeoutMs: 30_000 } }),
  kind({
    role: 'postgres',
    label: () => 'PostgreSQL',
    executables: ['postgres', 'postmaster'],
    probe: tcpReady,
    // SIGTERM is the "smart" shutdown that waits for every client (a CDC connector never leaves); SIGINT is "fast"
    stop: { signal: 'SIGINT', timeoutMs: 30_000 },
  }),
  kind({ role: 'mariadb', label: () => 'MariaDB', executables: ['mariadbd', 'mysqld'], probe: tcpReady, stop: { signal: 'SIGTERM', timeoutMs: 60_000 } }),
  kind({ role: 'mosquitto', label: () => 'mosquitto', executables: ['mosquitto'], probe: tcpReady, stop: { signal: 'SIGTERM', timeoutMs: 10_000 } }),
];

const kinds = new Map(BUILT_IN_KINDS.map((k) => [k.role, k]));

/**
 * The adapter of a role. A role this version does not know (a pid file written by a newer
 * kafka-lab) gets a careful default: any program whose arguments hold the config file.
 */
export function serverKind(role: string): ServerKind {
  return (
    kinds.get(role) ??
    kind({
      role,
      label: () => role,
      probe: tcpReady,
      stop: { signal: 'SIGTERM', timeoutMs: 30_000 },
      recognise: (argv, r) => argv.length > 0 && (r.match ?? [r.configFile]).every((a) => argv.includes(a)),
    })
  );
}
