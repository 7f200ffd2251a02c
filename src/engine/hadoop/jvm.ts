/**
 * How the hadoop engine runs a Hadoop class: the JVM command line of a NameNode, DataNode or
 * FsShell from the engine's jars, with the lab's conf folder first on the classpath.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { KafkaLabError } from '../../errors.js';
import { hints } from '../../hints.js';
import { detectJavaMajor, javaBinary } from '../apache/java.js';
import type { HadoopEngine } from './install.js';
import { currentEnv } from '../../output/io.js';

export const HADOOP_MAIN_CLASSES = {
  namenode: 'org.apache.hadoop.hdfs.server.namenode.NameNode',
  datanode: 'org.apache.hadoop.hdfs.server.datanode.DataNode',
  fsshell: 'org.apache.hadoop.fs.FsShell',
} as const;

export interface HadoopRun {
  mainClass: string;
  args: string[];
  /** folder with core-site.xml, hdfs-site.xml, log4j.properties */
  conf: string;
  logDir: string;
  heap?: string;
  /** an extra -D argument that tells this process apart (pid reuse) */
  marker?: string;
}

/** The JVM arguments (pure): conf folder, then the webapps root, then the jars. */
export function hadoopJvmArgs(engine: Pick<HadoopEngine, 'webRoot' | 'libs'>, r: HadoopRun): string[] {
  return [
    `-Xmx${r.heap ?? '256m'}`,
    '-XX:+UseSerialGC',
    // WebHDFS answers HTTP 500 on Java 17 without it
    '--add-opens',
    'java.base/java.lang=ALL-UNNAMED',
    `-Dhadoop.log.dir=${r.logDir}`,
    '-Dhadoop.root.logger=INFO,console',
    `-Dlog4j.configuration=file:${join(r.conf, 'log4j.properties')}`,
    ...(r.marker ? [r.marker] : []),
    '-cp',
    [r.conf, engine.webRoot, join(engine.libs, '*')].join(':'),
    r.mainClass,
    ...r.args,
  ];
}

export function hadoopJavaCommand(engine: HadoopEngine, r: HadoopRun, env: NodeJS.ProcessEnv = currentEnv()): { command: string; args: string[] } {
  return { command: javaBinary(env), args: hadoopJvmArgs(engine, r) };
}

/** Hadoop 3.4 runs on Java 8 to 17; kafka-lab's notes were taken on 17. */
export async function checkHadoopJava(env: NodeJS.ProcessEnv = currentEnv()): Promise<void> {
  const major = await detectJavaMajor(env);
  if (major < 8)
    throw new KafkaLabError(`Java ${major} is too old for Hadoop`, {
      kind: 'unsupported',
      hint: 'Install a JDK 17 (e.g. apt-get install openjdk-17-jre-headless) or set JAVA_HOME.',
    });
}

/** Runs a Hadoop class in the foreground (format, FsShell), bounded in time. */
export function runHadoopClass(
  engine: HadoopEngine,
  r: HadoopRun,
  opts: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<{ stdout: string; stderr: string; code: number }> {
  const env = opts.env ?? currentEnv();
  const cmd = hadoopJavaCommand(engine, r, env);
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd.command, cmd.args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const t = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 120_000);
    child.on('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(t);
      reject(new KafkaLabError(`cannot start Java (${cmd.command}): ${err.code ?? err.message}`, { kind: 'process', hint: hints.installJava }));
    });
    child.on('close', (code) => {
      clearTimeout(t);
      resolvePromise({ stdout, stderr, code: code ?? 1 });
    });
  });
}
