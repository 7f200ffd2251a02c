import { readProfile } from '../client/profile.js';
import { CONNECT_ACTIONS, parseConnectPlan, resolveConnectUrl } from '../connect/plan.js';
import { ConnectClient } from '../connect/rest.js';
import { runConnectPlan } from '../connect/run.js';
import { runTop } from '../connect/top.js';
import { OUTPUT_FORMATS, type OutputFormat } from '../output/output.js';

/** Words shell completion offers for the action. */
export const completions = { action: CONNECT_ACTIONS };
import { defineCommand } from './types.js';

export default defineCommand({
  command: 'connect <action> [args..]',
  describe: `Talk to a Kafka Connect worker's REST API (like kcctl): ${CONNECT_ACTIONS.join(', ')}`,
  builder: (y) =>
    y
      .positional('action', { type: 'string', describe: `what to do: ${CONNECT_ACTIONS.join(', ')}` })
      .positional('args', { type: 'string', array: true, describe: 'connector name, then what the action takes' })
      .option('url', { type: 'string', describe: 'the worker REST URL (default: lab profile, $KAFKA_CONNECT_URL, http://localhost:8083)' })
      .option('output', { alias: 'o', choices: OUTPUT_FORMATS, describe: 'text (aligned columns), table or json' })
      .option('file', { alias: 'f', type: 'string', describe: 'apply / patch: connector file (JSON or .properties)' })
      .option('name', { type: 'string', describe: 'apply: connector name (overrides the file)' })
      .option('dry-run', {
        type: 'boolean',
        default: false,
        describe: 'apply: validate through the worker (PUT /connector-plugins/CLASS/config/validate), change nothing',
      })
      .option('wait', { type: 'number', describe: 'apply: wait up to this many ms until the connector and its tasks run (fails on a FAILED task)' })
      .option('trace', { type: 'boolean', default: false, describe: 'describe: print the full stack trace of a failed connector or task' })
      .option('failed-only', { type: 'boolean', default: false, describe: 'restart: only the failed connector instance and failed tasks' })
      .option('task', { type: 'number', describe: 'restart: only this task' })
      .option('all', { type: 'boolean', default: false, describe: 'plugins: transforms, converters and predicates too' })
      .option('scope', { type: 'string', describe: 'loggers set: worker (default) or cluster' })
      .option('interval', { type: 'number', default: 2000, describe: 'top: refresh every this many ms' })
      .option('iterations', { type: 'number', describe: 'top: stop after this many refreshes' })
      .option('bootstrap-server', { type: 'string', describe: 'top: brokers for the lag of sink connectors (default: the worker pid file, lab profile)' })
      .option('timeout', { type: 'number', default: 15_000, describe: 'ms to wait for each answer of the worker' })
      .example('kafka-lab connect list', 'connectors with their state and task states')
      .example('kafka-lab connect apply -f file-source.json --wait 30000', 'create or update a connector, wait until its tasks run')
      .example('kafka-lab connect apply -f sink.properties --dry-run', 'validate a config on the worker, show what would change')
      .example('kafka-lab connect describe my-sink --trace', "config, tasks and a failed task's stack trace")
      .example('kafka-lab connect restart my-sink --failed-only', 'restart only what failed')
      .example('kafka-lab connect offsets get my-source', 'the offsets Connect stored for a connector')
      .example('kafka-lab connect loggers set org.apache.kafka.connect DEBUG', "change a worker's log level at run time")
      .example('kafka-lab connect top', 'records, rates, errors, sink lag, heap and RSS, live'),
  handler: async (argv) => {
    const plan = parseConnectPlan(argv.action, (argv.args ?? []).map(String), {
      file: argv.file,
      name: argv.name,
      dryRun: argv.dryRun,
      wait: argv.wait,
      trace: argv.trace,
      failedOnly: argv.failedOnly,
      task: argv.task,
      all: argv.all,
      scope: argv.scope,
      interval: argv.interval,
      iterations: argv.iterations,
    });
    const url = resolveConnectUrl(argv.url, readProfile()?.connectUrl);
    const client = new ConnectClient({ url, timeoutMs: argv.timeout });
    const format = argv.output as OutputFormat | undefined;
    if (plan.action === 'top') {
      await runTop(client, { ...plan, format, bootstrapServer: argv.bootstrapServer, timeoutMs: argv.timeout });
      return;
    }
    await runConnectPlan(plan, client, format);
  },
});
