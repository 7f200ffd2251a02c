import { UsageError } from '../errors.js';
import { out, warn } from '../output/output.js';
import { describeStop, runningServers, selectBrokers, stopSelected, type BrokerSelection } from '../servers/stop.js';
import { defineCommand } from './types.js';

export interface StopPlan {
  selection: BrokerSelection;
  timeoutMs: number;
}

/** The options of server-stop as a plan; contradicting flags are refused before anything is read. */
export function stopPlan(argv: { nodeId?: number; all?: boolean; processRole?: string; timeout: number }): StopPlan {
  if (argv.all && argv.nodeId !== undefined)
    throw new UsageError('--all and --node-id cannot be used together', 'Pick one: --node-id N stops one broker, --all stops every broker.');
  if (argv.nodeId !== undefined && (!Number.isInteger(argv.nodeId) || argv.nodeId < 0))
    throw new UsageError(`--node-id expects a number, got ${argv.nodeId}`, 'Example: --node-id 1');
  return { selection: { nodeId: argv.nodeId, all: argv.all, processRole: argv.processRole }, timeoutMs: argv.timeout };
}

export default defineCommand({
  command: 'server-stop',
  describe: 'Stop brokers started by kafka-lab (kafka-server-stop.sh), by pid file: SIGTERM, wait, SIGKILL after --timeout',
  builder: (y) =>
    y
      .option('node-id', { type: 'number', describe: 'stop the broker with this broker.id / node.id' })
      .option('process-role', { type: 'string', choices: ['broker', 'controller'], describe: 'stop KRaft nodes with this role (Kafka 3.7+ flag)' })
      .option('all', { type: 'boolean', default: false, describe: 'stop every broker kafka-lab started' })
      .option('timeout', { type: 'number', default: 30_000, describe: 'ms to wait after SIGTERM before SIGKILL' })
      .example('kafka-lab server-stop', 'stop the running broker (when only one runs)')
      .example('kafka-lab server-stop --node-id 2', 'stop broker 2 only')
      .example('kafka-lab server-stop --all', 'stop every broker kafka-lab started'),
  handler: async (argv) => {
    const plan = stopPlan(argv);
    const running = await runningServers();
    for (const s of running.filter((r) => !r.alive && r.role === 'broker')) warn(`removed stale pid file of broker ${s.nodeId ?? '?'} (pid ${s.pid} is gone)`);
    const chosen = selectBrokers(running, plan.selection);
    for (const r of await stopSelected(chosen, plan.timeoutMs, warn)) out(describeStop(r));
  },
});
