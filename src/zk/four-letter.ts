/**
 * ZooKeeper's four-letter words (ruok, srvr, stat, mntr, conf, envi...): send the word on a
 * fresh connection, read until the server closes it. The classic "telnet 2181" check.
 */
import { connect } from 'node:net';
import { ZkConnectionError, parseConnectString } from './client.js';

export async function fourLetterWord(address: string, word: string, timeoutMs = 5000): Promise<string> {
  const { host, port } = parseConnectString(address);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect({ host, port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new ZkConnectionError(`no answer to '${word}' from ${host}:${port} within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.on('connect', () => socket.write(word));
    socket.on('data', (d: Buffer) => chunks.push(d));
    socket.on('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(
        new ZkConnectionError(
          e.code === 'ECONNREFUSED' ? `connection refused by ${host}:${port} (is ZooKeeper running?)` : `cannot reach ${host}:${port}: ${e.message}`,
        ),
      );
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
  });
}

export interface SrvrInfo {
  version?: string;
  latency?: { min: number; avg: number; max: number };
  received?: number;
  sent?: number;
  connections?: number;
  outstanding?: number;
  zxid?: string;
  mode?: string;
  nodeCount?: number;
  /** every "Key: value" line as the server wrote it */
  fields: Record<string, string>;
}

/** Parses the `srvr` answer ("Zookeeper version: ...", "Mode: standalone", ...). */
export function parseSrvr(text: string): SrvrInfo {
  const fields: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const i = line.indexOf(': ');
    if (i > 0) fields[line.slice(0, i).trim()] = line.slice(i + 2).trim();
  }
  const num = (k: string) => (fields[k] !== undefined && /^-?\d+$/.test(fields[k]!) ? Number(fields[k]) : undefined);
  const info: SrvrInfo = { fields };
  if (fields['Zookeeper version']) info.version = fields['Zookeeper version'];
  const lat = /^(-?[\d.]+)\/(-?[\d.]+)\/(-?[\d.]+)$/.exec(fields['Latency min/avg/max'] ?? '');
  if (lat) info.latency = { min: Number(lat[1]), avg: Number(lat[2]), max: Number(lat[3]) };
  info.received = num('Received');
  info.sent = num('Sent');
  info.connections = num('Connections');
  info.outstanding = num('Outstanding');
  info.zxid = fields.Zxid;
  info.mode = fields.Mode;
  info.nodeCount = num('Node count');
  return info;
}

/** True when the server refused the word because of 4lw.commands.whitelist. */
export function notWhitelisted(answer: string): boolean {
  return /is not executed because it is not in the whitelist/.test(answer);
}
