/**
 * zookeeper-start and server-start take the same options (kafka-run-class.sh's), so both
 * command files are built here; each keeps only its own texts.
 */
import { parseKeyValue } from '../config/properties.js';
import { UsageError } from '../errors.js';
import { runStart, type StartPlan } from '../servers/start.js';
import { defineCommand } from './types.js';

export interface StartCommandTexts {
  role: 'zookeeper' | 'broker';
  name: string;
  describe: string;
  configHelp: string;
  engineHelp: string;
  heapHelp: string;
  usage: string;
  examples: [string, string][];
}

export interface StartArgv {
  config?: string;
  daemon?: boolean;
  override?: (string | number)[];
  engine?: string;
  heap?: string;
  timeout?: number;
}

/** The options of a start command as a plan; usage mistakes are refused here, before any work. */
export function startPlan(role: StartPlan['role'], usage: string, argv: StartArgv): StartPlan {
  if (!argv.config) throw new UsageError('missing the config file', `USAGE: ${usage}`);
  if (argv.heap !== undefined && !/^\d+[kKmMgG]?$/.test(argv.heap))
    throw new UsageError(`--heap expects a JVM size such as 512m or 1g, got '${argv.heap}'`, 'Example: --heap 512m');
  if (argv.timeout !== undefined && !(argv.timeout > 0))
    throw new UsageError(`--timeout expects a positive number of ms, got ${argv.timeout}`, 'Example: --timeout 120000');
  return {
    role,
    configFile: String(argv.config),
    daemon: Boolean(argv.daemon),
    overrides: (argv.override ?? []).map((o) => parseKeyValue(String(o), '--override')),
    engineVersion: argv.engine,
    heap: argv.heap,
    readyTimeoutMs: argv.timeout,
  };
}

export function startCommand(t: StartCommandTexts) {
  return defineCommand({
    command: `${t.name} [config]`,
    describe: t.describe,
    builder: (y) => {
      const b = y
        .positional('config', { type: 'string', describe: t.configHelp })
        .option('daemon', { type: 'boolean', default: false, describe: 'run in the background (-daemon works too): pid file, log file, returns when ready' })
        .option('override', { type: 'string', array: true, default: [] as string[], describe: 'property=value on top of the file (repeatable)' })
        .option('engine', { type: 'string', describe: t.engineHelp })
        .option('heap', { type: 'string', describe: t.heapHelp })
        .option('timeout', { type: 'number', default: 120_000, describe: 'with -daemon: give up when not ready after this many ms' });
      for (const [cmd, what] of t.examples) b.example(cmd, what);
      return b;
    },
    handler: (argv) => runStart(startPlan(t.role, t.usage, argv)),
  });
}
