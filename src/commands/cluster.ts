import { ExitCode, KafkaLabError, UsageError } from '../errors.js';
import { colour, info, out, present, renderTable, spinner, warn, type Io, type OutputFormat } from '../output/output.js';
import { connectionOptions } from '../client/connection.js';
import { defineCommand } from './types.js';

const ACTIONS = ['up', 'down', 'status', 'info', 'stop-broker', 'start-broker'] as const;
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
  describe: 'Run a lab made by cluster-scaffold: up, down, status, info, stop-broker ID, start-broker ID',
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
        .option('topic', { type: 'string', array: true, describe: 'info: only these topics' }),
    )
      .example('kafka-lab cluster up --dir lab', 'start ZooKeeper and every broker of the lab, wait until all are registered')
      .example('kafka-lab cluster stop-broker 2 --dir lab', 'a failover: stop broker 2 (controlled shutdown)')
      .example('kafka-lab cluster status --dir lab --output json', 'each process, registrations, controller, under-replicated partitions')
      .example('kafka-lab cluster info --bootstrap-server localhost:9092', "brokers, controller and every topic's leaders, replicas and ISR (like kcat -L)")
      .example('kafka-lab cluster down --dir lab --purge --yes', 'stop everything and delete the data')
      .example('kafka-lab cluster up --dir lake-lab', 'a pipelines lab: brokers, database, HDFS, mosquitto, both workers, then the connectors'),
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
      if (action === 'up' && lab.manifest.pipelines) {
        const { pipelinesUp } = await import('../pipelines/cluster-actions.js');
        await pipelinesUp(lab);
        return;
      }
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
      if (action === 'down' && lab.manifest.pipelines) {
        const { pipelinesDown } = await import('../pipelines/cluster-actions.js');
        await pipelinesDown(lab, { purge: argv.purge, yes: argv.yes, dirArg: argv.dir, confirm: (q) => confirm(io, q), interactive: Boolean(io.stdin.isTTY) });
        return;
      }
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
    if (lab.manifest.pipelines) {
      const { pipelinesStatusView } = await import('../pipelines/cluster-actions.js');
      await pipelinesStatusView(lab, st, format, argv.timeout);
      return;
    }
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
