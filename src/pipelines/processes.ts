/**
 * The processes of a data-lake lab besides its brokers: database, HDFS (NameNode, DataNode),
 * mosquitto and the two Connect workers, in the order cluster up starts them. Each is found in
 * the process table (pid files) by its role and its folder or config file.
 */
import { join, resolve } from 'node:path';
import { componentDir } from '../components/index.js';
import type { ListedServer } from '../engine/index.js';
import type { PipelinesSection } from './types.js';

export interface PipelineProcess {
  /** postgres | mariadb | namenode | datanode | mosquitto | connect-ingest | connect-lake */
  name: string;
  /** the role in pid files */
  role: string;
  address: string;
  /** the component's folder (database, HDFS, mosquitto) or the worker's config file */
  match: { dir?: string; configFile?: string };
  /** what it keeps on disk (deleted by cluster down --purge) */
  dataDir: string;
  logFile: string;
  what: string;
}

export function pipelineProcesses(p: PipelinesSection): PipelineProcess[] {
  const list: PipelineProcess[] = [
    {
      name: p.db.kind,
      role: p.db.kind,
      address: `127.0.0.1:${p.db.port}`,
      match: { dir: p.db.dir },
      dataDir: p.db.dir,
      logFile: join(p.db.dir, p.db.kind === 'postgres' ? 'postgres.log' : 'mariadb.log'),
      what: `${p.db.kind === 'postgres' ? 'PostgreSQL' : 'MariaDB'} (${p.db.database}.${p.db.table}, CDC on)`,
    },
  ];
  const hdfs = p.lake.hdfs;
  if (hdfs) {
    list.push(
      {
        name: 'namenode',
        role: 'namenode',
        address: `127.0.0.1:${hdfs.ports.rpc}`,
        match: { dir: hdfs.dir },
        dataDir: hdfs.dir,
        logFile: join(hdfs.dir, 'logs', 'namenode.log'),
        what: `HDFS NameNode (WebHDFS http://127.0.0.1:${hdfs.ports.http})`,
      },
      {
        name: 'datanode',
        role: 'datanode',
        address: `127.0.0.1:${hdfs.ports.datanode}`,
        match: { dir: hdfs.dir },
        dataDir: hdfs.dir,
        logFile: join(hdfs.dir, 'logs', 'datanode.log'),
        what: 'HDFS DataNode',
      },
    );
  }
  list.push({
    name: 'mosquitto',
    role: 'mosquitto',
    address: `127.0.0.1:${p.mqtt.port}`,
    match: { dir: p.mqtt.dir },
    dataDir: p.mqtt.dir,
    logFile: join(p.mqtt.dir, 'mosquitto.log'),
    what: `MQTT broker (${p.mqtt.topicFilter})`,
  });
  for (const w of p.workers) {
    list.push({
      name: `connect-${w.name}`,
      role: 'connect',
      address: `127.0.0.1:${w.port}`,
      match: { configFile: w.configFile },
      dataDir: w.logDir,
      logFile: join(w.logDir, `connect-${w.port}.log`),
      what: `Connect worker ${w.name} (${w.connectors.map((c) => c.name).join(', ')})`,
    });
  }
  return list;
}

/** The pid-file record of a lab process, if any. */
export function recordOfPipeline(p: PipelineProcess, servers: ListedServer[]): ListedServer | undefined {
  return servers.find((s) => {
    if (s.role !== p.role) return false;
    if (p.match.configFile) return resolve(s.configFile) === resolve(p.match.configFile);
    return componentDir(s) === resolve(p.match.dir!);
  });
}
