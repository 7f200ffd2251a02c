/**
 * `engine install`: Apache Kafka's runtime jars from Maven Central through Maven, into
 * $KAFKA_LAB_HOME/engines/kafka-<V>/libs. Maven runs in a temp folder which is renamed into
 * place only when it succeeded, so a failed install leaves nothing half-done.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { KafkaLabError, UsageError } from '../../errors.js';
import { enginesDir, templatesDir } from '../../paths.js';
import { mavenErrorLines, runMaven } from '../maven.js';
import { currentEnv } from '../../output/io.js';

export interface InstallOptions {
  env?: NodeJS.ProcessEnv;
  /** called with short progress texts (artifact being downloaded) */
  onProgress?: (text: string) => void;
}

export interface InstallResult {
  version: string;
  location: string;
  /** false when the version was already installed (nothing done) */
  installed: boolean;
  jars: number;
}

export function engineHome(version: string, env: NodeJS.ProcessEnv = currentEnv()): string {
  return join(enginesDir(env), `kafka-${version}`);
}

export function isValidKafkaVersion(version: string): boolean {
  return /^\d+\.\d+\.\d+(-[A-Za-z0-9.]+)?$/.test(version);
}

/** Kafka 4.0 moved from log4j 1.x (reload4j) to log4j2. */
export function usesLog4j2(version: string): boolean {
  return Number(version.split('.')[0]) >= 4;
}

function hasJars(libs: string): boolean {
  try {
    return readdirSync(libs).some((f) => f.startsWith('kafka_') && f.endsWith('.jar'));
  } catch {
    return false;
  }
}

export function isInstalled(version: string, env: NodeJS.ProcessEnv = currentEnv()): boolean {
  return hasJars(join(engineHome(version, env), 'libs'));
}

export { progressFromMavenLine } from '../maven.js';

export async function installApacheEngine(version: string, opts: InstallOptions = {}): Promise<InstallResult> {
  const env = opts.env ?? currentEnv();
  if (!isValidKafkaVersion(version)) {
    throw new UsageError(`'${version}' is not a Kafka version`, 'Use a release number such as 3.9.2 or 4.1.2.');
  }
  const home = engineHome(version, env);
  const libs = join(home, 'libs');
  if (hasJars(libs)) return { version, location: libs, installed: false, jars: readdirSync(libs).length };

  mkdirSync(enginesDir(env), { recursive: true });
  const work = join(enginesDir(env), `.install-${version}-${process.pid}-${Date.now()}`);
  mkdirSync(work, { recursive: true });
  try {
    copyFileSync(join(templatesDir, 'engine', 'pom.xml'), join(work, 'pom.xml'));
    const outputDir = join(work, 'kafka', 'libs');
    const args = [
      '-f',
      join(work, 'pom.xml'),
      'dependency:copy-dependencies',
      `-Dkafka.version=${version}`,
      `-Dlogging=${usesLog4j2(version) ? 'log4j2' : 'log4j1'}`,
      '-DincludeScope=runtime',
      `-DoutputDirectory=${outputDir}`,
    ];
    const { code, lines } = await runMaven(args, {
      cwd: work,
      env,
      onProgress: opts.onProgress,
      missingHint: 'Install Maven (e.g. apt-get install maven), or set KAFKA_HOME to an unpacked Apache Kafka distribution.',
    });
    if (code !== 0 || !hasJars(outputDir)) {
      const errors = mavenErrorLines(lines);
      const notFound = lines.some((l) => /Could not (find|resolve).*kafka/.test(l));
      throw new KafkaLabError(notFound ? `Kafka ${version} was not found on Maven Central` : `Maven could not install Kafka ${version} (exit ${code})`, {
        kind: notFound ? 'not-found' : 'process',
        hint: notFound
          ? 'Check the version number (releases: https://kafka.apache.org/downloads).'
          : 'Check the network or proxy settings of Maven (~/.m2/settings.xml).',
        details: errors.length > 0 ? errors : lines.slice(-10),
      });
    }
    mkdirSync(enginesDir(env), { recursive: true });
    if (existsSync(home)) rmSync(home, { recursive: true, force: true });
    renameSync(join(work, 'kafka'), home);
    return { version, location: libs, installed: true, jars: readdirSync(libs).length };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
