/**
 * A single-node HDFS as two pid-tracked JVMs from the hadoop engine: the NameNode (formatted on
 * first start) and one DataNode, on loopback ports. Ready means: out of safemode with a live
 * DataNode, read from the NameNode's JMX servlet. Callable from code and from `kafka-lab hdfs`.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  checkHadoopJava,
  HADOOP_MAIN_CLASSES,
  type HadoopEngine,
  hadoopJavaCommand,
  launchServer,
  resolveHadoop,
  runHadoopClass,
  type ServerRecord,
  type StopResult,
  stopServer,
} from '../../engine/index.js';
import { KafkaLabError, UsageError } from '../../errors.js';
import { hints } from '../../hints.js';
import { kafkaLabHome } from '../../paths.js';
import { checkPort } from '../../util/ports.js';
import { type ListedComponent, listComponents } from '../records.js';
import {
  coreSite,
  DEFAULT_HDFS_PORTS,
  duplicatePorts,
  fsUri,
  HDFS_PORT_NAMES,
  type HdfsLayout,
  type HdfsPorts,
  type HdfsRole,
  hdfsLayout,
  hdfsLog4j,
  hdfsSite,
} from './config.js';
import { nameNodeState } from './webhdfs.js';
import { currentEnv } from '../../output/io.js';

export interface HdfsOptions {
  /** the HDFS folder (conf, name, data, logs); default $KAFKA_LAB_HOME/hdfs */
  dir?: string;
  ports?: Partial<HdfsPorts>;
  host?: string;
  /** hadoop engine version (default: the installed default) */
  version?: string;
  heap?: string;
  readyTimeoutMs?: number;
  env?: NodeJS.ProcessEnv;
  onProgress?: (text: string) => void;
}

export interface HdfsStartResult {
  /** the HDFS folder */
  dir: string;
  namenode: ServerRecord;
  datanode: ServerRecord;
  /** hdfs://host:rpc */
  fsUri: string;
  /** http://host:http (web UI, WebHDFS) */
  webUrl: string;
  formatted: boolean;
  /** false when both were already running */
  started: boolean;
}

export function defaultHdfsDir(env: NodeJS.ProcessEnv = currentEnv()): string {
  return join(kafkaLabHome(env), 'hdfs');
}

export function isFormatted(layout: HdfsLayout): boolean {
  return existsSync(join(layout.name, 'current', 'VERSION'));
}

function writeConf(layout: HdfsLayout, host: string, ports: HdfsPorts): void {
  mkdirSync(layout.conf, { recursive: true });
  mkdirSync(layout.logs, { recursive: true });
  writeFileSync(join(layout.conf, 'core-site.xml'), coreSite(host, ports, layout));
  writeFileSync(join(layout.conf, 'hdfs-site.xml'), hdfsSite(host, ports, layout));
  writeFileSync(join(layout.conf, 'log4j.properties'), hdfsLog4j());
}

export function runningHdfs(env: NodeJS.ProcessEnv = currentEnv()): Promise<ListedComponent[]> {
  return listComponents(['namenode', 'datanode'], env);
}

/** The running NameNode/DataNode of a folder (alive ones only). */
export async function hdfsOf(dir: string, env: NodeJS.ProcessEnv = currentEnv()): Promise<{ namenode?: ListedComponent; datanode?: ListedComponent }> {
  const list = (await runningHdfs(env)).filter((c) => c.alive && c.dir === resolve(dir));
  return { namenode: list.find((c) => c.role === 'namenode'), datanode: list.find((c) => c.role === 'datanode') };
}

/**
 * The ports an HDFS folder was last started with (its hdfs-site.xml), so that `hdfs start --dir`
 * without port flags brings back the same HDFS; undefined for a folder never started.
 */
export function portsOfFolder(layout: HdfsLayout): HdfsPorts | undefined {
  let xml: string;
  try {
    xml = readFileSync(join(layout.conf, 'hdfs-site.xml'), 'utf8');
  } catch {
    return undefined;
  }
  const port = (name: string) => Number(new RegExp(`<name>${name.replace(/\./g, '\\.')}</name><value>[^<]*:(\\d+)</value>`).exec(xml)?.[1]);
  const ports = {
    rpc: port('dfs.namenode.rpc-address'),
    http: port('dfs.namenode.http-address'),
    datanode: port('dfs.datanode.address'),
    datanodeHttp: port('dfs.datanode.http.address'),
    datanodeIpc: port('dfs.datanode.ipc.address'),
  };
  return Object.values(ports).every((v) => Number.isInteger(v) && v > 0) ? ports : undefined;
}

/** Ports given (some or all), else the folder's own, else Hadoop's defaults. */
function portsFor(layout: HdfsLayout, given: Partial<HdfsPorts> | undefined): HdfsPorts {
  const anyGiven = Object.values(given ?? {}).some((v) => v !== undefined);
  return resolvePorts(anyGiven ? given : (portsOfFolder(layout) ?? given));
}

export function resolvePorts(p: Partial<HdfsPorts> | undefined): HdfsPorts {
  const ports = { ...DEFAULT_HDFS_PORTS, ...Object.fromEntries(Object.entries(p ?? {}).filter(([, v]) => v !== undefined)) } as HdfsPorts;
  const dup = duplicatePorts(ports);
  if (dup) throw new UsageError(`HDFS ports clash: ${dup}`, 'Give each HDFS port its own number.');
  return ports;
}

/**
 * Formats the NameNode's storage (a new, empty file system). Refuses when it is formatted
 * already unless force, and always while its NameNode runs.
 */
export async function formatHdfs(o: HdfsOptions & { force?: boolean }): Promise<{ formatted: boolean; clusterId?: string }> {
  const env = o.env ?? currentEnv();
  const dir = resolve(o.dir ?? defaultHdfsDir(env));
  const layout = hdfsLayout(dir);
  const host = o.host ?? '127.0.0.1';
  const ports = resolvePorts(o.ports);
  const engine = resolveHadoop(o.version, env);
  const running = await hdfsOf(dir, env);
  if (running.namenode)
    throw new KafkaLabError(`the NameNode of ${dir} is running (pid ${running.namenode.pid}): it cannot be formatted now`, {
      kind: 'process',
      hint: 'Stop it first: kafka-lab hdfs stop',
    });
  if (isFormatted(layout) && !o.force)
    throw new KafkaLabError(`HDFS in ${dir} is formatted already`, {
      kind: 'already-exists',
      hint: 'Formatting erases every file: add --force to do it anyway.',
    });
  await checkHadoopJava(env);
  writeConf(layout, host, ports);
  o.onProgress?.('formatting the NameNode');
  const args = ['-format', '-nonInteractive', ...(o.force ? ['-force'] : [])];
  const r = await runHadoopClass(
    engine,
    { mainClass: HADOOP_MAIN_CLASSES.namenode, args, conf: layout.conf, logDir: layout.logs },
    { env, timeoutMs: 120_000 },
  );
  const out = `${r.stdout}\n${r.stderr}`;
  if (r.code !== 0 || !isFormatted(layout)) {
    throw new KafkaLabError(`formatting HDFS in ${dir} failed (exit ${r.code})`, {
      kind: 'process',
      hint: `Check that the folder is writable; the output of the NameNode follows.`,
      details: out
        .split('\n')
        .filter((l) => /ERROR|Exception|FATAL/.test(l))
        .slice(0, 6),
    });
  }
  const clusterId = /clusterid:\s*(\S+)|Formatting using clusterid: (\S+)/i.exec(out);
  return { formatted: true, clusterId: clusterId?.[1] ?? clusterId?.[2] };
}

async function preflightPorts(host: string, ports: HdfsPorts, which: (keyof HdfsPorts)[]): Promise<void> {
  for (const k of which) {
    const state = await checkPort(host, ports[k]);
    if (state !== 'free')
      throw new KafkaLabError(`${HDFS_PORT_NAMES[k]} port ${ports[k]} is already in use`, { kind: 'process', hint: hints.portInUse(ports[k]) });
  }
}

function startRole(
  role: HdfsRole,
  engine: HadoopEngine,
  layout: HdfsLayout,
  host: string,
  ports: HdfsPorts,
  o: HdfsOptions,
  probe: () => Promise<boolean>,
): Promise<ServerRecord> {
  const env = o.env ?? currentEnv();
  const marker = `-Dkafka-lab.hdfs=${role}:${join(layout.conf, 'hdfs-site.xml')}`;
  const cmd = hadoopJavaCommand(engine, { mainClass: HADOOP_MAIN_CLASSES[role], args: [], conf: layout.conf, logDir: layout.logs, heap: o.heap, marker }, env);
  return launchServer({
    command: cmd.command,
    args: cmd.args,
    env,
    daemon: true,
    record: {
      role,
      pid: 0,
      address: role === 'namenode' ? `${host}:${ports.rpc}` : `${host}:${ports.datanode}`,
      configFile: join(layout.conf, 'hdfs-site.xml'),
      logFile: join(layout.logs, `${role}.log`),
      engine: `hadoop-${engine.version}`,
      startedAt: new Date().toISOString(),
      match: [marker, HADOOP_MAIN_CLASSES[role]],
    },
    probe,
    readyTimeoutMs: o.readyTimeoutMs ?? 120_000,
    onProgress: o.onProgress,
  });
}

/** Starts the NameNode (formatting on first start) and the DataNode; resolves when HDFS is writable. */
export async function startHdfs(o: HdfsOptions = {}): Promise<HdfsStartResult> {
  const env = o.env ?? currentEnv();
  const dir = resolve(o.dir ?? defaultHdfsDir(env));
  const layout = hdfsLayout(dir);
  const host = o.host ?? '127.0.0.1';
  const ports = portsFor(layout, o.ports);
  const engine = resolveHadoop(o.version, env);
  const webUrl = `http://${host}:${ports.http}`;
  const running = await hdfsOf(dir, env);
  if (running.namenode && running.datanode) {
    return { dir, namenode: running.namenode, datanode: running.datanode, fsUri: fsUri(host, ports), webUrl, formatted: false, started: false };
  }
  await checkHadoopJava(env);
  await preflightPorts(host, ports, [...(running.namenode ? [] : (['rpc', 'http'] as const)), 'datanode', 'datanodeHttp', 'datanodeIpc']);
  writeConf(layout, host, ports);
  let formatted = false;
  if (!isFormatted(layout)) {
    await formatHdfs({ ...o, dir, ports });
    formatted = true;
  }
  const state = () => nameNodeState(webUrl);
  let namenode: ServerRecord | undefined = running.namenode;
  if (!namenode) {
    o.onProgress?.(`starting the NameNode on ${host}:${ports.rpc}`);
    namenode = await startRole('namenode', engine, layout, host, ports, o, async () => {
      await state();
      return true;
    });
  }
  o.onProgress?.(`starting the DataNode on ${host}:${ports.datanode}`);
  let datanode: ServerRecord;
  try {
    datanode = await startRole('datanode', engine, layout, host, ports, o, async () => {
      const s = await state();
      return !s.safemode && s.liveDataNodes >= 1;
    });
  } catch (err) {
    // never leave half an HDFS behind
    if (!running.namenode) await stopServer(namenode, { timeoutMs: 15_000, onWarning: () => {}, env });
    throw err;
  }
  return { dir, namenode, datanode, fsUri: fsUri(host, ports), webUrl, formatted, started: true };
}

/** Stops the DataNode, then the NameNode (of one folder, or every HDFS kafka-lab started). */
export async function stopHdfs(o: { dir?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<StopResult[]> {
  const env = o.env ?? currentEnv();
  const all = (await runningHdfs(env)).filter((c) => c.alive && (o.dir === undefined || c.dir === resolve(o.dir)));
  const results: StopResult[] = [];
  for (const kind of ['datanode', 'namenode'] as const) {
    results.push(...(await Promise.all(all.filter((c) => c.role === kind).map((c) => stopServer(c, { timeoutMs: o.timeoutMs, env })))));
  }
  return results;
}

export interface HdfsStatus {
  dir: string;
  namenode?: ListedComponent;
  datanode?: ListedComponent;
  webUrl?: string;
  fsUri?: string;
  state?: Awaited<ReturnType<typeof nameNodeState>>;
}

/** Where the NameNode's HTTP server listens, from the folder's hdfs-site.xml. */
export function httpAddressOf(layout: HdfsLayout): string | undefined {
  try {
    const xml = readFileSync(join(layout.conf, 'hdfs-site.xml'), 'utf8');
    return /<name>dfs\.namenode\.http-address<\/name><value>([^<]+)<\/value>/.exec(xml)?.[1];
  } catch {
    return undefined;
  }
}

/** The HDFS of every folder kafka-lab runs, with the NameNode's own view where it answers. */
export async function hdfsStatus(env: NodeJS.ProcessEnv = currentEnv()): Promise<HdfsStatus[]> {
  const byDir = new Map<string, HdfsStatus>();
  for (const c of await runningHdfs(env)) {
    if (!c.alive) continue;
    const s = byDir.get(c.dir) ?? { dir: c.dir };
    if (c.role === 'namenode') s.namenode = c;
    else s.datanode = c;
    byDir.set(c.dir, s);
  }
  for (const s of byDir.values()) {
    const http = httpAddressOf(hdfsLayout(s.dir));
    if (s.namenode) s.fsUri = `hdfs://${s.namenode.address}`;
    if (http) {
      s.webUrl = `http://${http}`;
      if (s.namenode) s.state = await nameNodeState(s.webUrl).catch(() => undefined);
    }
  }
  return [...byDir.values()];
}
