/**
 * The hadoop engine: the jars of a single-node HDFS (NameNode, DataNode, FsShell) from Maven
 * Central, into $KAFKA_LAB_HOME/engines/hadoop-<V>/libs, with the empty webapps/{hdfs,datanode,static}
 * folders the NameNode and DataNode look up on the classpath for their HTTP servers (WebHDFS).
 * Like the Kafka engine, Maven works in a temp folder renamed into place only on success.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { KafkaLabError, UsageError } from '../../errors.js';
import { engineFolderVersions, enginesDir, templatesDir } from '../../paths.js';
import { mavenErrorLines, runMaven } from '../maven.js';
import { currentEnv } from '../../output/io.js';

/** Verified here on Java 17 (see the pipelines notes): 3.4.1. */
export const DEFAULT_HADOOP_VERSION = '3.4.1';

/** Folders the HTTP servers of HDFS must find on the classpath (the jars do not ship them). */
export const WEBAPP_FOLDERS = ['hdfs', 'datanode', 'static'] as const;

export interface HadoopEngine {
  version: string;
  home: string;
  libs: string;
  /** classpath entry holding webapps/ */
  webRoot: string;
}

export function hadoopHome(version: string, env: NodeJS.ProcessEnv = currentEnv()): string {
  return join(enginesDir(env), `hadoop-${version}`);
}

export function isValidHadoopVersion(version: string): boolean {
  return /^\d+\.\d+\.\d+$/.test(version);
}

function hasHdfsJars(libs: string): boolean {
  try {
    return readdirSync(libs).some((f) => /^hadoop-hdfs-\d.*\.jar$/.test(f));
  } catch {
    return false;
  }
}

export function hadoopEngine(version: string, env: NodeJS.ProcessEnv = currentEnv()): HadoopEngine {
  const home = hadoopHome(version, env);
  return { version, home, libs: join(home, 'libs'), webRoot: home };
}

export function isHadoopInstalled(version: string, env: NodeJS.ProcessEnv = currentEnv()): boolean {
  return hasHdfsJars(join(hadoopHome(version, env), 'libs'));
}

/** Installed hadoop versions, oldest first. */
export function installedHadoopVersions(env: NodeJS.ProcessEnv = currentEnv()): string[] {
  return engineFolderVersions('hadoop-', env)
    .filter((v) => isValidHadoopVersion(v) && isHadoopInstalled(v, env))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}

/** The hadoop engine to run: the given version, else the default when installed, else the newest. */
export function resolveHadoop(version: string | undefined, env: NodeJS.ProcessEnv = currentEnv()): HadoopEngine {
  const installed = installedHadoopVersions(env);
  const chosen = version ?? (installed.includes(DEFAULT_HADOOP_VERSION) ? DEFAULT_HADOOP_VERSION : installed[installed.length - 1]);
  if (!chosen || !installed.includes(chosen)) {
    const v = version ?? DEFAULT_HADOOP_VERSION;
    throw new KafkaLabError(`the hadoop engine ${v} is not installed`, {
      kind: 'not-found',
      hint: `Install it with: kafka-lab engine install --hadoop${v === DEFAULT_HADOOP_VERSION ? '' : ` --version ${v}`}${installed.length > 0 ? ` (installed: ${installed.join(', ')})` : ''}`,
    });
  }
  return hadoopEngine(chosen, env);
}

export interface HadoopInstallResult {
  version: string;
  location: string;
  installed: boolean;
  jars: number;
}

export async function installHadoopEngine(
  version: string = DEFAULT_HADOOP_VERSION,
  opts: { env?: NodeJS.ProcessEnv; onProgress?: (text: string) => void } = {},
): Promise<HadoopInstallResult> {
  const env = opts.env ?? currentEnv();
  if (!isValidHadoopVersion(version)) throw new UsageError(`'${version}' is not a Hadoop version`, `Use a release number such as ${DEFAULT_HADOOP_VERSION}.`);
  const engine = hadoopEngine(version, env);
  if (hasHdfsJars(engine.libs)) return { version, location: engine.libs, installed: false, jars: readdirSync(engine.libs).length };

  mkdirSync(enginesDir(env), { recursive: true });
  const work = join(enginesDir(env), `.install-hadoop-${version}-${process.pid}-${Date.now()}`);
  mkdirSync(work, { recursive: true });
  try {
    copyFileSync(join(templatesDir, 'hadoop', 'pom.xml'), join(work, 'pom.xml'));
    const staged = join(work, 'hadoop');
    const args = [
      '-f',
      join(work, 'pom.xml'),
      'dependency:copy-dependencies',
      `-Dhadoop.version=${version}`,
      '-DincludeScope=runtime',
      `-DoutputDirectory=${join(staged, 'libs')}`,
    ];
    const { code, lines } = await runMaven(args, {
      cwd: work,
      env,
      onProgress: opts.onProgress,
      missingHint: 'Install Maven (e.g. apt-get install maven).',
    });
    if (code !== 0 || !hasHdfsJars(join(staged, 'libs'))) {
      const notFound = lines.some((l) => /Could not (find|resolve).*hadoop/.test(l));
      throw new KafkaLabError(notFound ? `Hadoop ${version} was not found on Maven Central` : `Maven could not install Hadoop ${version} (exit ${code})`, {
        kind: notFound ? 'not-found' : 'process',
        hint: notFound
          ? `Check the version number (${DEFAULT_HADOOP_VERSION} is known to work).`
          : 'Check the network or proxy settings of Maven (~/.m2/settings.xml).',
        details: mavenErrorLines(lines).length > 0 ? mavenErrorLines(lines) : lines.slice(-10),
      });
    }
    for (const w of WEBAPP_FOLDERS) mkdirSync(join(staged, 'webapps', w), { recursive: true });
    if (existsSync(engine.home)) rmSync(engine.home, { recursive: true, force: true });
    renameSync(staged, engine.home);
    return { version, location: engine.libs, installed: true, jars: readdirSync(engine.libs).length };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
