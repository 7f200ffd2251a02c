/** Finding Java and checking that it is new enough for an engine. */
import { join } from 'node:path';
import { KafkaLabError } from '../../errors.js';

/** Major version from `java -version` output ("1.8.0_392" → 8, "17.0.15" → 17). */
export function parseJavaMajor(versionOutput: string): number | undefined {
  const m = /version "(\d+)(?:\.(\d+))?[^"]*"/.exec(versionOutput);
  if (!m) return undefined;
  const first = Number(m[1]);
  return first === 1 && m[2] ? Number(m[2]) : first;
}

/** Kafka 4.x brokers need Java 17; 3.x runs on Java 8 and later (11+ recommended). */
export function requiredJavaMajor(kafkaVersion: string): number {
  const major = Number(kafkaVersion.split('.')[0]);
  return major >= 4 ? 17 : 8;
}

export function javaBinary(env: NodeJS.ProcessEnv): string {
  return env.JAVA_HOME ? join(env.JAVA_HOME, 'bin', 'java') : 'java';
}

const cache = new Map<string, number>();

/** Runs `java -version` and returns its major version; a clear error when Java is missing. */
export async function detectJavaMajor(env: NodeJS.ProcessEnv): Promise<number> {
  const java = javaBinary(env);
  const cached = cache.get(java);
  if (cached !== undefined) return cached;
  // execa: one call captures both streams (java -version prints to stderr) with a bound on time;
  // loaded here, when Java is checked, not by every command that reaches the engine door
  const { execa } = await import('execa');
  const output = await execa(java, ['-version'], { env, extendEnv: false, all: true, reject: false, timeout: 20_000 })
    .then((r) => {
      if (r.failed && r.code === 'ENOENT') throw Object.assign(new Error(r.shortMessage), { code: 'ENOENT' });
      return r.all ?? '';
    })
    .catch((err: NodeJS.ErrnoException) => {
      throw new KafkaLabError(env.JAVA_HOME ? `Java not found at ${java} (from JAVA_HOME)` : 'Java not found: no java on PATH', {
        kind: 'process',
        hint: env.JAVA_HOME
          ? 'Point JAVA_HOME at a JDK (it must contain bin/java), or unset it to use java from PATH.'
          : 'Install a JDK 17 (e.g. apt-get install openjdk-17-jre-headless) or set JAVA_HOME.',
        cause: err,
      });
    });
  const major = parseJavaMajor(output);
  if (major === undefined) {
    throw new KafkaLabError(`cannot tell the Java version of ${java}`, {
      kind: 'process',
      hint: `\`${java} -version\` printed: ${output.split('\n')[0] ?? ''}`,
    });
  }
  cache.set(java, major);
  return major;
}

export async function checkJava(kafkaVersion: string, env: NodeJS.ProcessEnv): Promise<number> {
  const major = await detectJavaMajor(env);
  const needed = requiredJavaMajor(kafkaVersion);
  if (major < needed) {
    throw new KafkaLabError(`Java ${major} is too old for Kafka ${kafkaVersion}: it needs Java ${needed} or newer`, {
      kind: 'unsupported',
      hint: `Install a JDK ${Math.max(needed, 17)} and set JAVA_HOME to it${needed < 17 ? '' : ', or use an older engine: --engine 3.9.2'}.`,
    });
  }
  return major;
}
