/**
 * `cluster up | down | status` when the lab folder is a data-lake lab (its cluster.json has a
 * pipelines section); src/commands/cluster.ts hands over to these. Plain broker labs never
 * come here.
 */
import type { LabFolder, LoadedLab } from '../cluster/lab.js';
import type { LabStatus } from '../cluster/status.js';
import { ExitCode, KafkaLabError } from '../errors.js';
import { colour, info, out, type OutputFormat, present, renderTable, spinner, warn } from '../output/output.js';
import { purgePipelinesLab, stopPipelinesLab, stopStarted } from './down.js';
import { componentsTable, connectorsStatusTable, connectorsUpTable, dataTable, statusNotes } from './present.js';
import { pipelinesStatus } from './status.js';
import { startPipelinesLab } from './up.js';

export async function pipelinesUp(lab: LoadedLab): Promise<void> {
  const spin = await spinner(`starting the data-lake lab in ${lab.dir}`);
  const started: Parameters<typeof stopStarted>[0] = { brokers: [], components: [] };
  // Ctrl-C while starting: stop what this run started, then exit 130
  let stopping: Promise<unknown> | undefined;
  const onSigint = () => {
    if (stopping) return;
    spin.fail('interrupted: stopping what was started');
    stopping = stopStarted(started).catch(() => undefined);
    void stopping.finally(() => {
      info('interrupted: stopped what had been started');
      process.exit(ExitCode.INTERRUPTED);
    });
  };
  process.once('SIGINT', onSigint);
  try {
    const t0 = Date.now();
    const r = await startPipelinesLab(lab, { started, onProgress: (t) => spin.update(t) });
    spin.succeed(
      `data-lake lab up in ${Math.round((Date.now() - t0) / 1000)} s: ${lab.manifest.nodes.length} broker(s), ${r.components.length} processes, ${r.connectors.length} connectors running`,
    );
    out(
      renderTable({
        head: ['process', 'what', 'address', 'pid', 'state', 'log file'],
        rows: [...r.brokers.map((b) => [b.name, b.role, b.address, b.pid, b.state, b.logFile]), ...componentsTable(r.components).rows],
      }),
    );
    out(renderTable(connectorsUpTable(r.connectors)));
    const p = lab.manifest.pipelines!;
    out(`\nBootstrap servers: ${lab.manifest.bootstrapServers}; ingest worker ${p.workers[0]!.restUrl}, lake worker ${p.workers[1]!.restUrl}`);
    out(
      `Insert a row: kafka-lab db sql${p.db.kind === 'mariadb' ? ' --db mariadb' : ''} --port ${p.db.port} "INSERT INTO ${p.db.table} (customer, product, quantity, price) VALUES ('dave', 'mouse', 1, 19.99)"`,
    );
    out(`Then watch it arrive: kafka-lab cluster status --dir ${lab.dir}  (TERMINALS.md has the rest)`);
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
}

export async function pipelinesDown(
  lab: LabFolder,
  o: { purge: boolean; yes: boolean; dirArg?: string; confirm: (question: string) => Promise<boolean>; interactive: boolean },
): Promise<void> {
  const spin = await spinner(`stopping the data-lake lab in ${lab.dir}`);
  const r = await stopPipelinesLab(lab, { onWarning: (m) => warn(m) });
  spin.stop();
  out(
    renderTable({
      head: ['process', 'address', 'pid', 'result'],
      rows: [...r.components.map((c) => [c.name, c.address, c.pid, c.state]), ...r.brokers.map((b) => [b.name, b.address, b.pid, b.state])],
    }),
  );
  if (!o.purge) return;
  let go = o.yes;
  if (!go) {
    if (!o.interactive)
      throw new KafkaLabError('--purge deletes the data directories: confirm with --yes', {
        kind: 'usage',
        hint: `kafka-lab cluster down --dir ${o.dirArg ?? '.'} --purge --yes`,
      });
    go = await o.confirm(`Delete the data of the lab in ${lab.dir} (brokers, database, lake, mosquitto)?`);
  }
  if (go) for (const d of purgePipelinesLab(lab)) info(`deleted ${d}`);
  else info('kept the data directories');
}

export async function pipelinesStatusView(lab: LabFolder, st: LabStatus, format: OutputFormat | undefined, timeoutMs?: number): Promise<void> {
  const brokersUp = st.cluster?.reachable === true;
  const ps = await pipelinesStatus(lab, { timeoutMs, brokersUp });
  const c = colour();
  const processes = () => ({
    head: ['process', 'what', 'address', 'pid', 'state', 'log file'],
    rows: [
      ...st.processes.map((p) => [
        p.name,
        p.role === 'zookeeper' ? 'ZooKeeper' : `${p.role}${p.registered === undefined ? '' : p.registered ? ', registered' : ', NOT registered'}`,
        p.address,
        p.pid,
        p.state,
        p.logFile,
      ]),
      ...componentsTable(ps.components).rows,
    ],
  });
  present(format, {
    text: () => {
      const lines = [renderTable(processes()), ''];
      if (!st.cluster) lines.push('cluster: no broker running');
      else if (!st.cluster.reachable) lines.push(c.red(`cluster: not reachable (${st.cluster.error})`));
      else
        lines.push(
          `cluster: ${st.cluster.registered.length} broker${st.cluster.registered.length === 1 ? '' : 's'} registered (${st.cluster.registered.join(', ')}), controller ${st.cluster.controller}, ${st.cluster.underReplicatedPartitions} under-replicated partitions`,
        );
      lines.push('', renderTable(connectorsStatusTable(ps)), '', renderTable(dataTable(ps)));
      const notes = statusNotes(ps);
      if (notes.length > 0) lines.push('', ...notes.map((n) => c.yellow(`note: ${n}`)));
      return lines.join('\n');
    },
    table: processes,
    json: () => ({ ...st, pipelines: ps }),
  });
}
