/**
 * The java command line Kafka's scripts build (kafka-run-class.sh + the start scripts),
 * as a pure function of the environment so that it can be unit-tested.
 */
import { join } from 'node:path';

export type JvmRole = 'zookeeper' | 'broker' | 'connect' | 'tool';

/** Kafka's default KAFKA_JVM_PERFORMANCE_OPTS (kafka-run-class.sh). */
export const DEFAULT_JVM_PERFORMANCE_OPTS = [
  '-server',
  '-XX:+UseG1GC',
  '-XX:MaxGCPauseMillis=20',
  '-XX:InitiatingHeapOccupancyPercent=35',
  '-XX:+ExplicitGCInvokesConcurrent',
  '-XX:MaxInlineLevel=15',
  '-Djava.awt.headless=true',
];

/** Heap the start scripts set when KAFKA_HEAP_OPTS is empty. */
export function defaultHeapOpts(role: JvmRole): string[] {
  if (role === 'broker') return ['-Xmx1G', '-Xms1G'];
  if (role === 'zookeeper') return ['-Xmx512M', '-Xms512M'];
  // connect-standalone.sh and connect-distributed.sh
  if (role === 'connect') return ['-Xms256M', '-Xmx2G'];
  return ['-Xmx256M'];
}

/** Splits an env var the way an unquoted shell expansion does (on whitespace). */
export function splitOpts(value: string | undefined): string[] {
  return (value ?? '').split(/\s+/).filter((s) => s.length > 0);
}

/** `--heap 512m` → -Xmx512m -Xms512m; the value must look like a JVM size. */
export function heapOptsFromFlag(heap: string): string[] | undefined {
  if (!/^\d+[kKmMgG]?$/.test(heap)) return undefined;
  return [`-Xmx${heap}`, `-Xms${heap}`];
}

export interface JvmCommandInput {
  role: JvmRole;
  mainClass: string;
  args: string[];
  classpath: string;
  /** LOG_DIR for kafka.logs.dir */
  logDir: string;
  /** our logging config file, used unless KAFKA_LOG4J_OPTS is set */
  loggingConfig: string;
  /** log4j2 for Kafka >= 4, log4j 1.x (reload4j) before */
  log4j2: boolean;
  heap?: string;
  env: NodeJS.ProcessEnv;
}

export interface JvmCommand {
  java: string;
  args: string[];
  /** KAFKA_DEBUG set: the JDWP options added in front of KAFKA_OPTS (kafka-run-class.sh prints them) */
  debugOpts?: string;
}

/** kafka-run-class.sh's KAFKA_DEBUG: JAVA_DEBUG_OPTS, or JDWP on JAVA_DEBUG_PORT (5005), suspend per DEBUG_SUSPEND_FLAG (n). */
export function debugOpts(env: NodeJS.ProcessEnv): string | undefined {
  if (!env.KAFKA_DEBUG) return undefined;
  return env.JAVA_DEBUG_OPTS || `-agentlib:jdwp=transport=dt_socket,server=y,suspend=${env.DEBUG_SUSPEND_FLAG || 'n'},address=${env.JAVA_DEBUG_PORT || '5005'}`;
}

/** Same order as kafka-run-class.sh: heap, perf, jmx, log4j, -cp, KAFKA_OPTS, class, args. */
export function buildJvmCommand(input: JvmCommandInput): JvmCommand {
  const { env } = input;
  const java = env.JAVA_HOME ? join(env.JAVA_HOME, 'bin', 'java') : 'java';
  let heap = splitOpts(env.KAFKA_HEAP_OPTS);
  if (heap.length === 0) heap = (input.heap ? heapOptsFromFlag(input.heap) : undefined) ?? defaultHeapOpts(input.role);
  const perf = env.KAFKA_JVM_PERFORMANCE_OPTS !== undefined ? splitOpts(env.KAFKA_JVM_PERFORMANCE_OPTS) : DEFAULT_JVM_PERFORMANCE_OPTS;
  const gc = splitOpts(env.KAFKA_GC_LOG_OPTS);
  const jmx: string[] = [];
  if (env.JMX_PORT) {
    jmx.push('-Dcom.sun.management.jmxremote=true', '-Dcom.sun.management.jmxremote.authenticate=false', '-Dcom.sun.management.jmxremote.ssl=false');
    jmx.push(`-Dcom.sun.management.jmxremote.port=${env.JMX_PORT}`, `-Dcom.sun.management.jmxremote.rmi.port=${env.JMX_PORT}`);
  }
  const log4jOpts = splitOpts(env.KAFKA_LOG4J_OPTS);
  const log4j =
    log4jOpts.length > 0
      ? log4jOpts
      : input.log4j2
        ? [`-Dlog4j2.configurationFile=${input.loggingConfig}`]
        : [`-Dlog4j.configuration=file:${input.loggingConfig}`];
  const args = [
    ...heap,
    ...perf,
    ...gc,
    ...jmx,
    `-Dkafka.logs.dir=${input.logDir}`,
    ...log4j,
    '-cp',
    input.classpath,
    ...splitOpts(debugOpts(env)),
    ...splitOpts(env.KAFKA_OPTS),
    input.mainClass,
    ...input.args,
  ];
  return { java, args, debugOpts: debugOpts(env) };
}
