/**
 * A single-node HDFS as files: core-site.xml, hdfs-site.xml and a log4j.properties in the
 * lab's conf folder, every port on loopback. Pure functions; server.ts writes and runs them.
 */
import { join } from 'node:path';

export interface HdfsPorts {
  /** NameNode RPC: hdfs://127.0.0.1:<rpc> (fs.defaultFS) */
  rpc: number;
  /** NameNode HTTP: web UI, JMX and WebHDFS */
  http: number;
  /** DataNode block transfer */
  datanode: number;
  /** DataNode HTTP (WebHDFS reads and writes are redirected here) */
  datanodeHttp: number;
  /** DataNode IPC */
  datanodeIpc: number;
}

/** Hadoop 3's own defaults, so that tutorials and tools work unchanged. */
export const DEFAULT_HDFS_PORTS: HdfsPorts = { rpc: 8020, http: 9870, datanode: 9866, datanodeHttp: 9864, datanodeIpc: 9867 };

export interface HdfsLayout {
  dir: string;
  conf: string;
  name: string;
  data: string;
  logs: string;
}

export function hdfsLayout(dir: string): HdfsLayout {
  return { dir, conf: join(dir, 'conf'), name: join(dir, 'name'), data: join(dir, 'data'), logs: join(dir, 'logs') };
}

export const HDFS_PORT_NAMES: Record<keyof HdfsPorts, string> = {
  rpc: 'NameNode RPC',
  http: 'NameNode HTTP',
  datanode: 'DataNode transfer',
  datanodeHttp: 'DataNode HTTP',
  datanodeIpc: 'DataNode IPC',
};

/** Ports given twice would make one of the two servers fail long after start: refuse at once. */
export function duplicatePorts(p: HdfsPorts): string | undefined {
  const seen = new Map<number, string>();
  for (const [k, v] of Object.entries(p) as [keyof HdfsPorts, number][]) {
    const other = seen.get(v);
    if (other) return `${other} and ${HDFS_PORT_NAMES[k]} both use port ${v}`;
    seen.set(v, HDFS_PORT_NAMES[k]);
  }
  return undefined;
}

function xmlEscape(v: string): string {
  return v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function hadoopXml(comment: string, props: [string, string][]): string {
  const body = props.map(([k, v]) => `  <property><name>${xmlEscape(k)}</name><value>${xmlEscape(v)}</value></property>`).join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<!-- ${comment} -->\n<configuration>\n${body}\n</configuration>\n`;
}

export function fsUri(host: string, ports: HdfsPorts): string {
  return `hdfs://${host}:${ports.rpc}`;
}

export function coreSite(host: string, ports: HdfsPorts, layout: HdfsLayout): string {
  return hadoopXml('written by kafka-lab at each hdfs start', [
    ['fs.defaultFS', fsUri(host, ports)],
    ['hadoop.tmp.dir', join(layout.dir, 'tmp')],
  ]);
}

export function hdfsSite(host: string, ports: HdfsPorts, layout: HdfsLayout): string {
  return hadoopXml('written by kafka-lab at each hdfs start: one NameNode, one DataNode, loopback only', [
    ['dfs.namenode.name.dir', `file://${layout.name}`],
    ['dfs.datanode.data.dir', `file://${layout.data}`],
    ['dfs.replication', '1'],
    ['dfs.namenode.rpc-address', `${host}:${ports.rpc}`],
    ['dfs.namenode.http-address', `${host}:${ports.http}`],
    ['dfs.datanode.address', `${host}:${ports.datanode}`],
    ['dfs.datanode.http.address', `${host}:${ports.datanodeHttp}`],
    ['dfs.datanode.ipc.address', `${host}:${ports.datanodeIpc}`],
    // WebHDFS redirects to the DataNode by this name: keep it on loopback, not the machine's hostname
    ['dfs.datanode.hostname', host],
    ['dfs.namenode.datanode.registration.ip-hostname-check', 'false'],
    // a lab: any local user may write (Kafka Connect runs as whoever started it)
    ['dfs.permissions.enabled', 'false'],
    // out of safemode as soon as the one DataNode has reported
    ['dfs.namenode.safemode.extension', '0'],
    ['dfs.namenode.safemode.min.datanodes', '1'],
    ['dfs.webhdfs.enabled', 'true'],
  ]);
}

export function hdfsLog4j(): string {
  return [
    '# written by kafka-lab: each server logs to its standard output, which kafka-lab appends to logs/<server>.log',
    'log4j.rootLogger=INFO, console',
    'log4j.appender.console=org.apache.log4j.ConsoleAppender',
    'log4j.appender.console.target=System.out',
    'log4j.appender.console.layout=org.apache.log4j.PatternLayout',
    'log4j.appender.console.layout.ConversionPattern=[%d] %p %m (%c)%n',
    '# quieter: block reports and metrics every few seconds say nothing to a lab user',
    'log4j.logger.org.apache.hadoop.hdfs.server.datanode.DataNode.clienttrace=WARN',
    'log4j.logger.org.apache.hadoop.hdfs.server.namenode.FSNamesystem.audit=WARN',
    'log4j.logger.org.apache.hadoop.metrics2=WARN',
    '',
  ].join('\n');
}

export type HdfsRole = 'namenode' | 'datanode';
