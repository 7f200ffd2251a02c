/**
 * The processes of a lab: which pid files (the engine's process table) belong to it, and the
 * rows of the tables that cluster up / down / status print.
 */
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { ListedServer } from '../engine/index.js';
import type { LabFolder } from './lab.js';
import type { LabNode } from './scaffold.js';

export interface LabProcess {
  /** 'zookeeper' or 'broker-<id>' */
  name: string;
  role: 'zookeeper' | 'broker' | 'broker+controller';
  nodeId?: number;
  configFile: string;
  address: string;
  dataDir: string;
  serverLogDir: string;
}

export interface ProcessRow extends LabProcess {
  pid?: number;
  state: string;
  logFile?: string;
}

export function labProcesses(lab: LabFolder): LabProcess[] {
  const m = lab.manifest;
  const list: LabProcess[] = [];
  if (m.mode === 'zookeeper' && m.zookeeper) {
    list.push({
      name: 'zookeeper',
      role: 'zookeeper',
      configFile: resolve(lab.dir, m.zookeeper.configFile),
      address: `${m.zookeeper.host}:${m.zookeeper.port}`,
      dataDir: m.zookeeper.dataDir,
      serverLogDir: m.zookeeper.serverLogDir,
    });
  }
  for (const n of m.nodes) list.push(brokerProcess(lab, n));
  return list;
}

export function brokerProcess(lab: LabFolder, n: LabNode): LabProcess {
  return {
    name: `broker-${n.id}`,
    role: n.roles.includes('controller') ? 'broker+controller' : 'broker',
    nodeId: n.id,
    configFile: resolve(lab.dir, n.configFile),
    address: `${n.host}:${n.port}`,
    dataDir: n.logDir,
    serverLogDir: n.serverLogDir ?? join(lab.dir, 'logs', `broker-${n.id}`),
  };
}

/** The pid-file record of a lab process (matched by its config file and role), if any. */
export function recordOf(p: LabProcess, servers: ListedServer[]): ListedServer | undefined {
  const role = p.role === 'broker+controller' ? 'broker' : p.role;
  return servers.find((s) => resolve(s.configFile) === p.configFile && s.role === role);
}

/** A path as the lab's tables show it: relative to the lab folder when inside it (keeps the tables narrow). */
export function labPath(path: string | undefined, labDir: string | undefined): string | undefined {
  if (!path || !labDir) return path;
  const rel = relative(resolve(labDir), resolve(path));
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

/** The rows cluster up / down print; paths relative to labDir when given. */
export function processTable(rows: ProcessRow[], labDir?: string): { head: string[]; rows: (string | number | undefined)[][] } {
  return {
    head: ['node id', 'role', 'address', 'pid', 'state', 'data dir', 'log file'],
    rows: rows.map((r) => [r.nodeId ?? '-', r.role, r.address, r.pid, r.state, labPath(r.dataDir, labDir), labPath(r.logFile, labDir)]),
  };
}

export function processRowsText(rows: ProcessRow[]): string {
  return rows.map((r) => `${r.name.padEnd(10)} ${r.address.padEnd(16)} ${String(r.pid ?? '-').padEnd(8)} ${r.state}`).join('\n');
}
