import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import { openAdmin } from '../client/session.js';
import { addBroker } from '../cluster/add-broker.js';
import { planFile, planLabRebalance, runRebalance } from '../cluster/rebalance.js';
import { formatReassignmentJson } from '../reassign/plan-json.js';
import { connectionOptions, openClient, resolveConnection, withTimeout } from '../client/connection.js';
import { purgeLab, stopLab } from '../cluster/down.js';
import { labAdminConfig, loadLab, nodeById, readLab } from '../cluster/lab.js';
import { processTable, type LabProcess } from '../cluster/processes.js';
import { clusterInfoTable, clusterInfoText, clusterSummaryLine, fetchClusterInfo, labStatus, labStatusTable } from '../cluster/status.js';
import { startLab } from '../cluster/up.js';
import { pipelinesDown, pipelinesStatusView, pipelinesUp } from '../pipelines/cluster-actions.js';
import { ExitCode, KafkaLabError, UsageError } from '../errors.js';
import { colour, info, out, present, renderColumns, renderJson, spinner, warn, type Io, type OutputFormat } from '../output/output.js';
import { nearest } from '../util/suggest.js';
import { defineCommand } from './types.js';

const ACTIONS = ['up', 'down', 'status', 'info', 'stop-broker', 'start-broker', 'add-broker', 'rebalance'] as const;
type Action = (typeof ACTIONS)[number];

/** Words shell completion offers for the action (yargs has no choices here: the handler answers unknown ones). */
export const completions = { action: ACTIONS };

export interface ClusterPlan {
  action: Action;
  /** stop-broker, start-broker */
  brokerId?: number;
  /** lab folder (default: the current folder) */
  dir?: string;
  /** down: delete the data directories; confirmed by --yes or a question on a terminal */
  purge: boolean;
  yes: boolean;
  format?: OutputFormat;
  /** info, rebalance: only these topics */
  topics?: string[];
  /** add-broker: the new broker's port */
  port?: number;
  /** rebalance: run the reassignment (else only show it), its throttle (bytes/s) and how long to wait for it */
  execute: boolean;
  throttle?: number;
  waitTimeoutMs: number;
}

/** The options of cluster as a plan: the action checked (with a suggestion), the broker id where one is needed. */
export function clusterPlan(argv: {
  action?: string;
  id?: number;
  nodeId?: number;
  dir?: string;
  purge?: boolean;
  yes?: boolean;
  output?: OutputFormat;
  topic?: (string | number)[];
  port?: number;
  execute?: boolean;
  throttle?: number;
  waitTimeout?: number;
}): ClusterPlan {
  const action = String(argv.action) as Action;
  if (!ACTIONS.includes(action)) {
    const guess = nearest(action, [...ACTIONS]);
    throw new UsageError(
      `unknown action '${action}' for 'cluster'`,
      guess ? `did you mean 'kafka-lab cluster ${guess}'? (actions: ${ACTIONS.join(', ')})` : `Actions: ${ACTIONS.join(', ')}`,
    );
  }
  let brokerId: number | undefined;
  if (action === 'stop-broker' || action === 'start-broker') {
    const id = argv.id ?? argv.nodeId;
    if (id === undefined || !Number.isInteger(id)) throw new UsageError(`cluster ${action} needs a broker id`, `Example: kafka-lab cluster ${action} 2`);
    brokerId = id;
  }
  if (argv.throttle !== undefined && (!Number.isInteger(argv.throttle) || argv.throttle < 0))
    throw new UsageError(`--throttle must be a whole number of bytes/s, got ${argv.throttle}`, 'Example: --throttle 10000000');
  return {
    action,
    brokerId,
    dir: argv.dir,
    purge: Boolean(argv.purge),
    yes: Boolean(argv.yes),
    format: argv.output,
    topics: argv.topic?.map(String),
    port: argv.port,
    execute: Boolean(argv.execute),
    throttle: argv.throttle,
    waitTimeoutMs: argv.waitTimeout ?? 300_000,
  };
}

async function confirm(io: Io, question: string): Promise<boolean> {
  const rl = createInterface({ input: io.stdin, output: io.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
  } finally {
    rl.close();
  }
}

export default defineCommand({
  command: 'cluster <action> [id]',
  describe: 'Run a lab made by cluster-scaffold: up, down, status, info, stop-broker ID, start-broker ID, add-broker, rebalance',
  builder: (y) =>
    connectionOptions(
      y
        .positional('action', { type: 'string', describe: `what to do: ${ACTIONS.join(', ')}` })
        .positional('id', { type: 'number', describe: 'broker id (stop-broker, start-broker)' })
        .option('dir', { type: 'string', describe: 'lab folder (default: the current folder)' })
        .option('purge', { type: 'boolean', default: false, describe: 'down: delete the data directories afterwards' })
        .option('yes', { alias: 'y', type: 'boolean', default: false, describe: 'down --purge: do not ask' })
        .option('node-id', { type: 'number', describe: 'same as the id argument (as in server-stop --node-id)' })
        .option('output', { alias: 'o', choices: ['text', 'table', 'json'] as const, describe: 'status / info: output format' })
        .option('topic', { type: 'string', array: true, describe: 'info / rebalance: only these topics' })
        .option('port', { type: 'number', describe: "add-broker: the new broker's port (default: the next in the lab's sequence)" })
        .option('execute', { type: 'boolean', default: false, describe: 'rebalance: run the reassignment (default: only show it)' })
        .option('throttle', { type: 'number', describe: 'rebalance --execute: replication limited to this many bytes/s while moving' })
        .option('wait-timeout', { type: 'number', default: 300_000, describe: 'rebalance --execute: how long to wait for the moves, ms' }),
    )
      .example('kafka-lab cluster up --dir lab', 'start ZooKeeper and every broker of the lab, wait until all are registered')
      .example('kafka-lab cluster stop-broker 2 --dir lab', 'a failover: stop broker 2 (controlled shutdown)')
      .example('kafka-lab cluster status --dir lab --output json', 'each process, registrations, controller, under-replicated partitions')
      .example('kafka-lab cluster info --bootstrap-server localhost:9092', "brokers, controller and every topic's leaders, replicas and ISR (like kcat -L)")
      .example('kafka-lab cluster add-broker --dir lab', 'scale out: one more broker (server-4.properties), started and registered')
      .example('kafka-lab cluster rebalance --dir lab --execute', 'spread the partitions over all brokers (Kafka reassignment), wait until done')
      .example('kafka-lab cluster down --dir lab --purge --yes', 'stop everything and delete the data')
      .example('kafka-lab cluster up --dir lake-lab', 'a pipelines lab: brokers, database, HDFS, mosquitto, both workers, then the connectors'),
  handler: async (argv, io) => {
    const plan = clusterPlan(argv);
    const { action, format } = plan;

    if (action === 'add-broker') {
      const spin = await spinner('adding a broker to the lab');
      try {
        const r = await addBroker(plan.dir, { port: plan.port, onProgress: (t) => spin.update(t) });
        spin.succeed(`broker ${r.broker.node.id} joined the lab`);
        out(renderColumns(processTable(r.rows, r.lab.dir)));
        out(
          [
            '',
            `Broker ${r.broker.node.id} (${r.broker.node.configFile}${r.lab.manifest.mode === 'kraft' ? ', a broker-only KRaft node' : ''}) listens on ${r.broker.node.host}:${r.broker.node.port}; its data is in ${r.broker.node.logDir}.`,
            'It holds no partition yet: existing partitions stay where they are until they are reassigned.',
            `Bootstrap servers: ${r.lab.manifest.bootstrapServers}`,
            `Next: kafka-lab cluster rebalance${plan.dir ? ` --dir ${plan.dir}` : ''}    (shows the reassignment; add --execute to run it)`,
          ].join('\n'),
        );
      } catch (err) {
        spin.fail('the broker could not be added; the lab is as it was');
        throw err;
      }
      return;
    }

    if (action === 'rebalance') {
      await rebalanceAction(plan, argv);
      return;
    }

    if (action === 'info') {
      let bootstrapServer = argv.bootstrapServer;
      let commandConfig = argv.commandConfig;
      if (!bootstrapServer && plan.dir) {
        const lab = readLab(plan.dir);
        bootstrapServer = lab.manifest.bootstrapServers;
        // a secured lab's admin properties, unless the user gave theirs
        if (!commandConfig) commandConfig = labAdminConfig(lab);
      }
      const conn = await resolveConnection({ ...argv, bootstrapServer, commandConfig });
      const client = await openClient(conn);
      const ci = await withTimeout(fetchClusterInfo(client, { topics: plan.topics, includeInternal: true }), conn).finally(() => client.close());
      present(format, { text: () => clusterInfoText(ci), table: () => clusterInfoTable(ci), json: () => ci });
      return;
    }

    if (action === 'up' || action === 'start-broker') {
      const lab = loadLab(plan.dir);
      if (action === 'up' && lab.manifest.pipelines) {
        await pipelinesUp(lab);
        return;
      }
      const only = plan.brokerId !== undefined ? [nodeById(lab, plan.brokerId).id] : undefined;
      const spin = await spinner(action === 'up' ? `starting the lab in ${lab.dir}` : `starting broker ${only![0]}`);
      const started: LabProcess[] = [];
      // Ctrl-C while starting: start nothing more, stop what this run started, exit 130; a second one exits at once
      const interrupt = new AbortController();
      const onSigint = () => {
        if (interrupt.signal.aborted) {
          info(`interrupted again: exiting now; kafka-lab cluster down --dir ${lab.dir} stops what still runs`);
          process.exit(ExitCode.INTERRUPTED);
        }
        spin.update('interrupted: stopping what was started');
        interrupt.abort();
      };
      process.on('SIGINT', onSigint);
      try {
        const rows = await startLab(lab, { only, started, signal: interrupt.signal, onProgress: (t) => spin.update(t) });
        spin.succeed(action === 'up' ? `lab up: ${lab.manifest.nodes.length} brokers registered` : `broker ${only![0]} up`);
        out(`lab: ${lab.dir}\n${renderColumns(processTable(rows, lab.dir))}`);
        if (action === 'up') out(`\nBootstrap servers: ${lab.manifest.bootstrapServers}  (client commands run in ${lab.dir} use them by default)`);
      } catch (err) {
        if (interrupt.signal.aborted) {
          spin.stop();
          throw new KafkaLabError('interrupted: stopped what had been started', { kind: 'interrupted' });
        }
        spin.fail('start failed');
        throw err;
      } finally {
        process.removeListener('SIGINT', onSigint);
      }
      return;
    }

    if (action === 'down' || action === 'stop-broker') {
      const lab = readLab(plan.dir);
      const only = plan.brokerId !== undefined ? [nodeById(lab, plan.brokerId).id] : undefined;
      if (action === 'down' && lab.manifest.pipelines) {
        await pipelinesDown(lab, { purge: plan.purge, yes: plan.yes, dirArg: plan.dir, confirm: (q) => confirm(io, q), interactive: Boolean(io.stdin.isTTY) });
        return;
      }
      // --purge is confirmed before anything is stopped: refusing must leave the lab as it was
      let purge = action === 'down' && plan.purge;
      if (purge && !plan.yes) {
        if (!io.stdin.isTTY)
          throw new KafkaLabError('--purge deletes the data directories: confirm with --yes', {
            kind: 'usage',
            hint: `kafka-lab cluster down --dir ${plan.dir ?? '.'} --purge --yes (nothing was stopped)`,
          });
        purge = await confirm(io, `Delete the data directories of the lab in ${lab.dir}?`);
      }
      const spin = await spinner(action === 'down' ? `stopping the lab in ${lab.dir}` : `stopping broker ${only![0]} (controlled shutdown)`);
      const rows = await stopLab(lab, { only, onWarning: (m) => warn(m) });
      spin.stop();
      out(
        renderColumns({ head: ['node id', 'role', 'address', 'pid', 'result'], rows: rows.map((r) => [r.nodeId ?? '-', r.role, r.address, r.pid, r.state]) }),
      );
      if (purge) {
        for (const d of purgeLab(lab)) info(`deleted ${d}`);
      } else if (action === 'down' && plan.purge) info('kept the data directories');
      return;
    }

    // status
    const lab = readLab(plan.dir);
    const st = await labStatus(lab, { timeoutMs: argv.timeout });
    if (lab.manifest.pipelines) {
      await pipelinesStatusView(lab, st, format, argv.timeout);
      return;
    }
    present(format, {
      text: () => [`lab: ${lab.dir}`, renderColumns(labStatusTable(st, lab.dir)), '', clusterSummaryLine(st, colour())].join('\n'),
      table: () => labStatusTable(st),
      json: () => st,
    });
  },
});

/** `cluster rebalance`: the plan as a table and Kafka's reassignment file; with --execute, the run. */
async function rebalanceAction(plan: ClusterPlan, conn: { bootstrapServer?: string; commandConfig?: string; timeout?: number }): Promise<void> {
  const { format } = plan;
  let { bootstrapServer, commandConfig } = conn;
  let dir = process.cwd();
  if (!bootstrapServer && (plan.dir || existsSync('cluster.json'))) {
    const lab = readLab(plan.dir);
    dir = lab.dir;
    bootstrapServer = lab.manifest.bootstrapServers;
    // moving partitions is an admin's job: a secured lab's admin properties
    if (!commandConfig) commandConfig = labAdminConfig(lab);
  }
  const s = await openAdmin({ ...conn, bootstrapServer, commandConfig }, ['Metadata']);
  try {
    const view = await planLabRebalance(s, { topics: plan.topics });
    const p = view.plan;
    const brokerRows = view.brokers.map((b) => [
      b,
      p.before.get(b)?.replicas ?? 0,
      p.after.get(b)?.replicas ?? 0,
      p.before.get(b)?.leaders ?? 0,
      p.after.get(b)?.leaders ?? 0,
    ]);
    const table = () => ({ head: ['broker', 'replicas now', 'replicas after', 'preferred leaders now', 'preferred leaders after'], rows: brokerRows });
    const changes = p.changes.map((c) => ({ topic: c.topic, partition: c.partition, from: c.from, to: c.to }));
    if (format === 'json' && !plan.execute) {
      out(
        renderJson({
          brokers: view.brokers,
          topics: view.topics,
          changes,
          movedReplicas: p.movedReplicas,
          plan: JSON.parse(formatReassignmentJson(planFile(p).partitions)),
        }),
      );
      return;
    }
    if (format !== 'json') {
      out(renderColumns(table()));
      if (p.changes.length === 0) {
        out(`The partitions of ${view.topics.length} topic(s) are spread evenly over brokers ${view.brokers.join(', ')}: nothing to move.`);
        return;
      }
      out(`\n${p.changes.length} partition(s) change, ${p.movedReplicas} replica(s) copied to another broker:`);
      for (const c of p.changes) out(`  ${c.topic}-${c.partition}: ${c.from.join(',')} -> ${c.to.join(',')}`);
      out(`\nKafka's reassignment file:\n${formatReassignmentJson(planFile(p).partitions)}`);
    }
    if (!plan.execute) {
      out(
        '\nRun it with: kafka-lab cluster rebalance --execute   (or save the file above and: kafka-lab reassign-partitions --execute --reassignment-json-file plan.json)',
      );
      return;
    }
    if (p.changes.length === 0) {
      if (format === 'json') out(renderJson({ brokers: view.brokers, topics: view.topics, changes: [], executed: false }));
      return;
    }
    const spin = await spinner('reassigning');
    const emit = format === 'json' ? { line() {}, raw() {} } : { line: (t: string) => out(t), raw: (t: string) => out(t) };
    if (format !== 'json') out('');
    const run = await runRebalance(s, view, {
      dir,
      throttle: plan.throttle ?? -1,
      waitTimeoutMs: plan.waitTimeoutMs,
      emit,
      onProgress: (t) => spin.update(t),
    }).finally(() => spin.stop());
    if (format === 'json') out(renderJson({ brokers: view.brokers, topics: view.topics, changes, movedReplicas: p.movedReplicas, ...run }));
    else
      out(
        `\nDone in ${(run.waitedMs / 1000).toFixed(1)} s. Plan: ${run.planFile}; to move back: kafka-lab reassign-partitions --execute --reassignment-json-file ${run.rollbackFile}`,
      );
  } finally {
    await s.close();
  }
}
