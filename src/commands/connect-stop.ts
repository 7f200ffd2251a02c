import { runWorkerStop } from '../connect/worker-run.js';
import { UsageError } from '../errors.js';
import { defineCommand } from './types.js';

export default defineCommand({
  command: 'connect-stop',
  describe: 'Stop Kafka Connect workers started by kafka-lab, by pid file: SIGTERM, wait, SIGKILL after --timeout',
  builder: (y) =>
    y
      .option('port', { type: 'number', describe: 'stop the worker whose REST API listens on this port' })
      .option('all', { type: 'boolean', default: false, describe: 'stop every worker kafka-lab started' })
      .option('timeout', { type: 'number', default: 30_000, describe: 'ms to wait after SIGTERM before SIGKILL' })
      .example('kafka-lab connect-stop', 'stop the running worker (when only one runs)')
      .example('kafka-lab connect-stop --port 8084', 'stop the worker on REST port 8084')
      .example('kafka-lab connect-stop --all', 'stop every worker kafka-lab started'),
  handler: async (argv) => {
    if (argv.all && argv.port !== undefined)
      throw new UsageError('--all and --port cannot be used together', 'Pick one: --port N stops one worker, --all stops every worker.');
    await runWorkerStop({ port: argv.port, all: Boolean(argv.all), timeoutMs: argv.timeout });
  },
});
