/**
 * The lab's other servers (PostgreSQL, MariaDB, HDFS, mosquitto) in kafka-lab's process table:
 * records are ServerRecords like brokers' (pid files in the run folder, through the engine
 * door), and each kind keeps its config file at a fixed place in its folder, so the folder of
 * a running server is known from its record.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { type ListedServer, listServers, type ServerRecord } from '../engine/index.js';
import { currentEnv } from '../output/io.js';

export type ComponentKind = 'postgres' | 'mariadb' | 'namenode' | 'datanode' | 'mosquitto';

export type ListedComponent = ListedServer & { role: ComponentKind; dir: string };

/**
 * The component's folder: postgres <dir>/data/postgresql.conf, hdfs <dir>/conf/hdfs-site.xml,
 * mariadb <dir>/my.cnf, mosquitto <dir>/mosquitto.conf.
 */
export function componentDir(record: Pick<ServerRecord, 'role' | 'configFile'>): string {
  const parent = dirname(record.configFile);
  return record.role === 'postgres' || record.role === 'namenode' || record.role === 'datanode' ? dirname(parent) : parent;
}

/** Running components of some kinds (stale pid files are cleaned up by the process table). */
export async function listComponents(kinds: ComponentKind[], env: NodeJS.ProcessEnv = currentEnv()): Promise<ListedComponent[]> {
  const all = await listServers(env);
  return all.filter((s) => (kinds as string[]).includes(s.role)).map((s) => ({ ...s, role: s.role as ComponentKind, dir: componentDir(s) }));
}

export function portOf(address: string): number {
  return Number(address.replace(/^.*:/, ''));
}

/** Pids whose parent is `pid` (a server's helper processes), from /proc. */
export function childPids(pid: number): number[] {
  const result: number[] = [];
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return result;
  }
  for (const e of entries) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const stat = readFileSync(`/proc/${e}/stat`, 'utf8');
      // the command name may hold spaces and parentheses: fields start after the last ')'
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) === pid) result.push(Number(e));
    } catch {
      /* gone meanwhile */
    }
  }
  return result;
}
