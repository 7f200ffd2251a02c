import { ExitCode, KafkaLabError, UsageError } from '../errors.js';
import { colour, info, out, present, renderJson, renderTable, spinner, warn, type Io, type OutputFormat } from '../output/output.js';
import { connectionOptions } from '../client/connection.js';
import { defineCommand } from './types.js';

const ACTIONS = ['up', 'down', 'status', 'info', 'stop-broker', 'start-broker', 'add-broker', 'rebalance'] as const;
type Action = (typeof ACTIONS)[number];

async function confirm(io: Io, question: string): Promise<boolean> {
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: io.stdin, output: io.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
  } finally {
    rl.close();
  }
}

function brokerId(action: Action, id: unknown): number {
  const n = Number(id);
  if (id === undefined || !Number.isInteger(n)) throw new UsageError(`cluster ${action} needs a broker id`, `Example: kafka-lab cluster ${action} 2`);
  return n;
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
      .example('kafka-lab cluster down --dir lab --purge --yes', 'stop everything and delete the data'),
  handler: async (argv, io) => {
    const action = String(argv.action) as Action;
    if (!ACTIONS.includes(action)) {
      const { nearest } = await import('../util/suggest.js');
      const guess = nearest(action, [...ACTIONS]);
      throw new UsageError(
        `unknown action '${action}' for 'cluster'`,
        guess ? `did you mean 'kafka-lab cluster ${guess}'? (actions: ${ACTIONS.join(', ')})` : `Actions: ${ACTIONS.join(', ')}`,
      );
    }
    const wantedId = action === 'stop-broker' || action === 'start-broker' ? brokerId(action, argv.id ?? argv.nodeId) : undefined;
    const format = argv.output as OutputFormat | undefined;
    const c = colour();
    if (action === 'add-broker') {
      const { addBroker } = await import('../cluster/add-broker.js');
      const { processTable } = await import('../cluster/processes.js');
      const spin = await spinner('adding a broker to the lab');
      try {
        const r = await addBroker(argv.dir, { port: argv.port, onProgress: (t) => spin.update(t) });
        spin.succeed(`broker ${r.broker.node.id} joined the lab`);
        out(renderTable(processTable(r.rows)));
        out(
          [
            '',
            `Broker ${r.broker.node.id} (${r.broker.node.configFile}${r.lab.manifest.mode === 'kraft' ? ', a broker-only KRaft node' : ''}) listens on ${r.broker.node.host}:${r.broker.node.port}; its data is in ${r.broker.node.logDir}.`,
            'It holds no partition yet: existing partitions stay where they are until they are reassigned.',
            `Bootstrap servers: ${r.lab.manifest.bootstrapServers}`,
            `Next: kafka-lab cluster rebalance${argv.dir ? ` --dir ${argv.dir}` : ''}    (shows the reassignment; add --execute to run it)`,
          ].join('\n'),
        );
      } catch (err) {
        spin.fail('the broker could not be added; the lab is as it was');
        throw err;
      }
      return;
    }

    if (action === 'rebalance') {
      await rebalanceAction(argv as unknown as RebalanceArgs, format);
      return;
    }

    if (action === 'info') {
      const { openClient, withTimeout, resolveConnection } = await import('../client/connection.js');
      const { fetchClusterInfo, clusterInfoText } = await import('../cluster/status.js');
      let bootstrapServer = argv.bootstrapServer;
      let commandConfig = argv.commandConfig;
      if (!bootstrapServer && argv.dir) {
        const lab = (await import('../cluster/lab.js')).readLab(argv.dir);
        bootstrapServer = lab.manifest.bootstrapServers;
        // a secured lab's own client properties, unless the user gave theirs
        if (!commandConfig && lab.manifest.clientConfig) commandConfig = (await import('node:path')).join(lab.dir, lab.manifest.clientConfig);
      }
      const conn = await resolveConnection({ ...argv, bootstrapServer, commandConfig });
      const client = await openClient(conn);
      const ci = await withTimeout(fetchClusterInfo(client, { topics: argv.topic?.map(String), includeInternal: true }), conn).finally(() => client.close());
      present(format, {
        text: () => clusterInfoText(ci),
        table: () => ({
          head: ['topic', 'partition', 'leader', 'replicas', 'isr'],
          rows: ci.topics.flatMap((t) => t.partitions.map((p) => [t.name, p.partition, p.leader, p.replicas.join(','), p.isr.join(',')])),
        }),
        json: () => ci,
      });
      return;
    }

    const { loadLab, readLab, nodeById } = await import('../cluster/lab.js');
    const { processTable } = await import('../cluster/processes.js');

    if (action === 'up' || action === 'start-broker') {
      const lab = loadLab(argv.dir);
      const only = wantedId !== undefined ? [nodeById(lab, wantedId).id] : undefined;
      const { startLab } = await import('../cluster/up.js');
      const { stopProcesses } = await import('../cluster/down.js');
      const spin = await spinner(action === 'up' ? `starting the lab in ${lab.dir}` : `starting broker ${only![0]}`);
      const started: import('../cluster/processes.js').LabProcess[] = [];
      // Ctrl-C while starting: stop what this run started, then exit 130
      let stopping: Promise<unknown> | undefined;
      const onSigint = () => {
        if (stopping) return;
        spin.fail('interrupted: stopping what was started');
        stopping = stopProcesses(started).catch(() => []);
        void stopping.finally(() => {
          info('interrupted: stopped what had been started');
          process.exit(ExitCode.INTERRUPTED);
        });
      };
      process.once('SIGINT', onSigint);
      try {
        const rows = await startLab(lab, { only, started, onProgress: (t) => spin.update(t) });
        spin.succeed(action === 'up' ? `lab up: ${lab.manifest.nodes.length} brokers registered` : `broker ${only![0]} up`);
        out(renderTable(processTable(rows)));
        if (action === 'up') out(`\nBootstrap servers: ${lab.manifest.bootstrapServers}  (client commands run in ${lab.dir} use them by default)`);
      } catch (err) {
        if (stopping) {
          await stopping;
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
      const lab = readLab(argv.dir);
      const only = wantedId !== undefined ? [nodeById(lab, wantedId).id] : undefined;
      const { stopLab, purgeLab } = await import('../cluster/down.js');
      const spin = await spinner(action === 'down' ? `stopping the lab in ${lab.dir}` : `stopping broker ${only![0]} (controlled shutdown)`);
      const rows = await stopLab(lab, { only, onWarning: (m) => warn(m) });
      spin.stop();
      out(renderTable({ head: ['node id', 'role', 'address', 'pid', 'result'], rows: rows.map((r) => [r.nodeId ?? '-', r.role, r.address, r.pid, r.state]) }));
      if (action === 'down' && argv.purge) {
        let go = argv.yes;
        if (!go) {
          if (!io.stdin.isTTY)
            throw new KafkaLabError('--purge deletes the data directories: confirm with --yes', {
              kind: 'usage',
              hint: `kafka-lab cluster down --dir ${argv.dir ?? '.'} --purge --yes`,
            });
          go = await confirm(io, `Delete the data directories of the lab in ${lab.dir}?`);
        }
        if (go) {
          for (const d of purgeLab(lab)) info(`deleted ${d}`);
        } else info('kept the data directories');
      }
      return;
    }

    // status
    const lab = readLab(argv.dir);
    const { labStatus } = await import('../cluster/status.js');
    const st = await labStatus(lab, { timeoutMs: argv.timeout });
    const table = () => ({
      head: ['node id', 'role', 'address', 'pid', 'state', 'registered', 'log dir', 'log file'],
      rows: st.processes.map((p) => [
        p.nodeId ?? '-',
        p.role,
        p.address,
        p.pid,
        p.state,
        p.role === 'zookeeper' ? '-' : p.registered === undefined ? '?' : p.registered ? 'yes' : 'no',
        p.dataDir,
        p.logFile,
      ]),
    });
    present(format, {
      text: () => {
        const lines = [renderTable(table()), ''];
        if (!st.cluster) lines.push('cluster: no broker running');
        else if (!st.cluster.reachable) lines.push(c.red(`cluster: not reachable (${st.cluster.error})`));
        else
          lines.push(
            `cluster: ${st.cluster.registered.length} broker${st.cluster.registered.length === 1 ? '' : 's'} registered (${st.cluster.registered.join(', ')}), controller ${st.cluster.controller}, ${st.cluster.underReplicatedPartitions} under-replicated partitions`,
          );
        return lines.join('\n');
      },
      table,
      json: () => st,
    });
  },
});

interface RebalanceArgs {
  dir?: string;
  bootstrapServer?: string;
  commandConfig?: string;
  timeout?: number;
  topic?: (string | number)[];
  execute: boolean;
  throttle?: number;
  waitTimeout: number;
}

/** `cluster rebalance`: the plan as a table and Kafka's reassignment file; with --execute, the run. */
async function rebalanceAction(argv: RebalanceArgs, format: OutputFormat | undefined): Promise<void> {
  const { join } = await import('node:path');
  let bootstrapServer = argv.bootstrapServer;
  let commandConfig = argv.commandConfig;
  let dir = process.cwd();
  const { existsSync } = await import('node:fs');
  if (!bootstrapServer && (argv.dir || existsSync('cluster.json'))) {
    const lab = (await import('../cluster/lab.js')).readLab(argv.dir);
    dir = lab.dir;
    bootstrapServer = lab.manifest.bootstrapServers;
    if (!commandConfig && lab.manifest.clientConfig) {
      // moving partitions is an admin's job: a secured lab's admin.properties when it has one
      const { ADMIN_CONFIG } = await import('../cluster/scaffold.js');
      commandConfig = existsSync(join(lab.dir, ADMIN_CONFIG)) ? join(lab.dir, ADMIN_CONFIG) : join(lab.dir, lab.manifest.clientConfig);
    }
  }
  if (argv.throttle !== undefined && (!Number.isInteger(argv.throttle) || argv.throttle < 0))
    throw new UsageError(`--throttle must be a whole number of bytes/s, got ${argv.throttle}`, 'Example: --throttle 10000000');
  const { openAdmin } = await import('../client/session.js');
  const { planLabRebalance, runRebalance, planFile } = await import('../cluster/rebalance.js');
  const { formatReassignmentJson } = await import('../reassign/plan-json.js');
  const s = await openAdmin({ ...argv, bootstrapServer, commandConfig }, ['Metadata']);
  try {
    const view = await planLabRebalance(s, { topics: argv.topic?.map(String) });
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
    if (format === 'json' && !argv.execute) {
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
      out(renderTable(table()));
      if (p.changes.length === 0) {
        out(`The partitions of ${view.topics.length} topic(s) are spread evenly over brokers ${view.brokers.join(', ')}: nothing to move.`);
        return;
      }
      out(`\n${p.changes.length} partition(s) change, ${p.movedReplicas} replica(s) copied to another broker:`);
      for (const c of p.changes) out(`  ${c.topic}-${c.partition}: ${c.from.join(',')} -> ${c.to.join(',')}`);
      out(`\nKafka's reassignment file:\n${formatReassignmentJson(planFile(p).partitions)}`);
    }
    if (!argv.execute) {
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
      throttle: argv.throttle ?? -1,
      waitTimeoutMs: argv.waitTimeout,
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
