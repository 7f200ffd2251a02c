/**
 * zookeeper-start and server-start take the same options (kafka-run-class.sh's), so both
 * command files are built here; each keeps only its own texts.
 */
import { UsageError } from '../errors.js';
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
    handler: async (argv) => {
      if (!argv.config) throw new UsageError('missing the config file', `USAGE: ${t.usage}`);
      const { runStart } = await import('../servers/start.js');
      return runStart({
        role: t.role,
        config: String(argv.config),
        daemon: Boolean(argv.daemon),
        override: (argv.override ?? []).map(String),
        engine: argv.engine,
        heap: argv.heap,
        timeoutMs: argv.timeout,
      });
    },
  });
}
