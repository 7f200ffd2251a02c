/**
 * kafka-lab kafka-run-class: Kafka's kafka-run-class.sh on the installed engine. Any class on
 * the engine's classpath runs with Kafka's JVM options and environment variables
 * (KAFKA_HEAP_OPTS, KAFKA_JVM_PERFORMANCE_OPTS, KAFKA_OPTS, KAFKA_LOG4J_OPTS, KAFKA_GC_LOG_OPTS,
 * KAFKA_DEBUG, JMX_PORT, JAVA_HOME, CLASSPATH, LOG_DIR); its exit code is kafka-lab's.
 *
 * Everything after the class name belongs to the class, so this command reads its own command
 * line (raw) instead of going through yargs; the yargs definition only gives --help its text.
 */
import { resolveEngine } from '../engine/index.js';
import { KafkaLabError, UsageError } from '../errors.js';
import { notMirrored, shellWord } from '../kafka-scripts.js';
import { processIo, setExitCode, type Io } from '../output/io.js';
import { findCommand } from './registry.js';
import { defineCommand } from './types.js';

export const USAGE = 'kafka-lab kafka-run-class [--engine VERSION] [-name NAME] [-loggc] classname [opts]';

export interface RunClassPlan {
  mainClass: string;
  args: string[];
  engine?: string;
  /** -loggc: GC log named after -name (default kafka-run-class, as a name-less Kafka run would be) */
  gcLogName?: string;
}

/** kafka-run-class.sh's leading flags (any order, up to the class name), plus kafka-lab's --engine. */
export function planRunClass(argv: string[]): RunClassPlan {
  let engine: string | undefined;
  let name: string | undefined;
  let loggc = false;
  let i = 0;
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--engine' || a === '-engine') {
      engine = argv[++i];
      if (!engine) throw new UsageError('--engine needs a Kafka version', `Example: ${USAGE.replace('[--engine VERSION]', '--engine 4.1.2')}`);
    } else if (a.startsWith('--engine=')) engine = a.slice('--engine='.length);
    else if (a === '-name' || a === '--name') {
      name = argv[++i];
      if (!name) throw new UsageError('-name needs a name', `USAGE: ${USAGE}`);
    } else if (a === '-loggc' || a === '--loggc') loggc = true;
    else if (a === '-daemon' || a === '--daemon')
      throw new UsageError(
        'kafka-run-class -daemon is not supported: kafka-lab tracks every server it starts by pid file',
        'Start servers with kafka-lab server-start / zookeeper-start / connect-standalone -daemon; tools run in the foreground.',
      );
    else break;
  }
  const mainClass = argv[i];
  if (!mainClass || mainClass.startsWith('-')) throw new UsageError('missing the class name', `USAGE: ${USAGE}`);
  return { mainClass, args: argv.slice(i + 1), engine, gcLogName: loggc ? (name ?? 'kafka-run-class') : undefined };
}

const JAVA_CLASS = /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/;

/** Runs the plan; returns the class's exit code. */
export async function runClassCommand(argv: string[], io: Io = processIo()): Promise<number> {
  const plan = planRunClass(argv);
  if (!JAVA_CLASS.test(plan.mainClass)) throw new UsageError(`'${plan.mainClass}' is not a Java class name`, `USAGE: ${USAGE}`);
  const engine = await resolveEngine({ version: plan.engine, env: io.env });
  // a class the engine lacks fails fast with a pointer to where Kafka keeps it now (tools moved between versions)
  if (!io.env.CLASSPATH && engine.findClasses(plan.mainClass).length === 0) {
    const simple = plan.mainClass.replace(/^.*\./, '');
    const found = engine.findClasses(simple);
    const tail = plan.args.length > 0 ? ` ${plan.args.map(shellWord).join(' ')}` : '';
    throw new KafkaLabError(`class ${plan.mainClass} is not on the classpath of Kafka ${engine.info.version}`, {
      kind: 'not-found',
      hint:
        found.length > 0
          ? `Kafka ${engine.info.version} has it as ${found[0]}: kafka-lab kafka-run-class ${plan.engine ? `--engine ${plan.engine} ` : ''}${found[0]}${tail}`
          : `Check the name; the engine's jars are in ${engine.info.location} (set CLASSPATH to add your own jars).`,
    });
  }
  const stdio = io.stdin === process.stdin && io.stdout === process.stdout && io.stderr === process.stderr ? 'inherit' : io;
  return engine.runClass(plan.mainClass, plan.args, { env: io.env, stdio, gcLogName: plan.gcLogName });
}

/** What cli.ts calls instead of yargs: the whole command line after the command's name. */
export async function raw(argv: string[], io: Io): Promise<void> {
  setExitCode(await runClassCommand(argv, io));
}

export default defineCommand({
  command: 'kafka-run-class [class] [args..]',
  describe: "Kafka's kafka-run-class.sh: run any class on the engine's classpath with Kafka's JVM options; its exit code is ours",
  builder: (y) =>
    y
      .positional('class', { type: 'string', describe: 'the main class, e.g. org.apache.kafka.tools.ClusterTool' })
      .positional('args', { type: 'string', array: true, describe: "the class's own arguments, passed as they are" })
      .option('engine', { type: 'string', describe: 'Kafka engine version (default: the default engine); before the class name' })
      .option('name', { type: 'string', describe: '-name NAME: names the GC log of -loggc' })
      .option('loggc', { type: 'boolean', describe: '-loggc: GC log in $LOG_DIR/<name>-gc.log (unless KAFKA_GC_LOG_OPTS is set)' })
      .example(
        'kafka-lab kafka-run-class org.apache.kafka.tools.ClusterTool cluster-id --bootstrap-server localhost:9092',
        "the cluster id, by Kafka's own tool",
      )
      .example(
        'KAFKA_HEAP_OPTS=-Xmx1g kafka-lab kafka-run-class --engine 4.1.2 org.apache.kafka.tools.GroupsCommand --list --bootstrap-server localhost:9092',
        'every group of every type, by Kafka 4.1 (kafka-groups.sh)',
      )
      .epilogue(
        `Environment: KAFKA_HEAP_OPTS (default -Xmx256M), KAFKA_JVM_PERFORMANCE_OPTS, KAFKA_OPTS, KAFKA_LOG4J_OPTS, KAFKA_GC_LOG_OPTS, KAFKA_DEBUG (JAVA_DEBUG_PORT, DEBUG_SUSPEND_FLAG), JMX_PORT, JAVA_HOME, CLASSPATH, LOG_DIR.\n\nKafka scripts kafka-lab does not mirror (run them this way): ${notMirrored(
          (n) => findCommand(n) !== undefined,
        )
          .map((s) => `${s.name}.sh`)
          .join(', ')}.`,
      ),
  handler: async () => {
    // cli.ts runs raw() for every command line but --help; nothing to do here
  },
});
