/**
 * The work behind connect-standalone / connect-distributed / connect-stop: pick the engine,
 * start a worker in the foreground (streaming its log, Ctrl-C stops it) or as a daemon
 * (returns once its REST API answers), and stop workers by pid file.
 */
import { KafkaLabError, UsageError } from '../errors.js';
import { colour, info, out, setExitCode, spinner, warn } from '../output/output.js';
import { colourLogLine } from '../process/log-lines.js';
import type { ConnectWorkerRecord, ListedServer } from '../engine/index.js';
import { foregroundExitCode } from '../servers/start.js';
import type { ConnectMode } from './worker-plan.js';
import { onStopSignals } from '../util/signals.js';

export interface WorkerStartArgs {
  mode: ConnectMode;
  config: string;
  connectorFiles: string[];
  daemon: boolean;
  engine?: string;
  heap?: string;
  timeoutMs?: number;
  metrics: boolean;
}

async function connectorSummary(restUrl: string, files: string[]): Promise<string[]> {
  if (files.length === 0) return [];
  const { readFileSync } = await import('node:fs');
  const { parseConnectorFile } = await import('./connector-file.js');
  const { ConnectClient } = await import('./rest.js');
  const { explainStatus, taskStates } = await import('./present.js');
  const client = new ConnectClient({ url: restUrl, timeoutMs: 3000 });
  const lines: string[] = [];
  for (const f of files) {
    const { name } = parseConnectorFile(readFileSync(f, 'utf8'), f);
    // standalone creates the connectors of its files just after the REST API is up
    const end = Date.now() + 10_000;
    let line = `connector ${name}: not created yet (kafka-lab connect describe ${name} --url ${restUrl})`;
    while (Date.now() < end) {
      const s = await client.status(name).catch(() => undefined);
      if (s && s.tasks.length > 0) {
        const ex = explainStatus(s);
        line = ex.problem ? ex.lines.join('\n') : `connector ${name}: ${s.connector.state}, tasks ${taskStates(s)}`;
        break;
      }
      await new Promise((r) => setTimeout(r, 300));
    }
    lines.push(line);
  }
  return lines;
}

export async function runWorkerStart(args: WorkerStartArgs): Promise<void> {
  const { resolveEngine } = await import('../engine/index.js');
  const engine = await resolveEngine({ version: args.engine });
  const what = `Connect worker (${args.mode})`;
  if (args.daemon) {
    const spin = await spinner(`starting a ${what} on Kafka ${engine.info.version}`);
    let w: ConnectWorkerRecord;
    try {
      w = await engine.startConnectWorker({
        mode: args.mode,
        configFile: args.config,
        connectorFiles: args.connectorFiles,
        daemon: true,
        heap: args.heap,
        readyTimeoutMs: args.timeoutMs,
        metrics: args.metrics,
        onProgress: (t) => spin.update(t),
        onWarning: (t) => warn(t),
      });
    } catch (err) {
      spin.fail();
      throw err;
    }
    spin.stop();
    out(`${what} started: pid ${w.pid}, REST ${w.restUrl}, log ${w.logFile}`);
    for (const l of await connectorSummary(w.restUrl, w.connectorFiles)) out(l);
    return;
  }
  const c = colour();
  const { signalServer } = await import('../engine/index.js');
  const w = await engine.startConnectWorker({
    mode: args.mode,
    configFile: args.config,
    connectorFiles: args.connectorFiles,
    daemon: false,
    heap: args.heap,
    metrics: args.metrics,
    onLogLine: (line) => out(colourLogLine(line, c)),
    onWarning: (t) => warn(t),
  });
  let signalled: NodeJS.Signals | undefined;
  const onSignal = (sig: NodeJS.Signals) => {
    if (signalled) {
      info(`the ${what} is still shutting down (pid ${w.pid}); kafka-lab connect-stop sends SIGKILL after a timeout`);
      return;
    }
    signalled = sig;
    info(`stopping the ${what} (pid ${w.pid}) ...`);
    signalServer(w, 'SIGTERM');
  };
  const offSignals = onStopSignals(onSignal, ['SIGINT', 'SIGTERM', 'SIGHUP']);
  const jvmCode = await w.exited!;
  offSignals();
  if (!signalled && (jvmCode === 143 || jvmCode === 130)) info(`the ${what} (pid ${w.pid}) was stopped by a signal`);
  else if (!signalled && jvmCode !== 0)
    throw new KafkaLabError(`the ${what} exited with code ${jvmCode}`, {
      kind: 'process',
      hint: `The log above says why (also in ${w.logFile}).`,
      exitCode: jvmCode,
    });
  setExitCode(foregroundExitCode(jvmCode, signalled));
}

export interface WorkerStopArgs {
  port?: number;
  all: boolean;
  timeoutMs: number;
}

type ListedWorker = ConnectWorkerRecord & ListedServer;

/** Workers kafka-lab started, from the process table (stale pid files are removed). */
export async function listWorkers(): Promise<ListedWorker[]> {
  const { listServers } = await import('../engine/index.js');
  return (await listServers()).filter((s) => s.role === 'connect') as ListedWorker[];
}

export async function runWorkerStop(args: WorkerStopArgs): Promise<void> {
  const { stopServers } = await import('../engine/index.js');
  const all = await listWorkers();
  for (const s of all.filter((w) => !w.alive)) warn(`removed stale pid file of the Connect worker on ${s.restUrl} (pid ${s.pid} is gone)`);
  let chosen = all.filter((w) => w.alive);
  if (chosen.length === 0)
    throw new KafkaLabError('No Connect worker to stop', {
      kind: 'not-found',
      hint: 'kafka-lab only stops workers it started (their pid files are in the run folder).',
    });
  if (args.port !== undefined) {
    chosen = chosen.filter((w) => new URL(w.restUrl).port === String(args.port));
    if (chosen.length === 0)
      throw new KafkaLabError(`no running Connect worker with REST port ${args.port}`, {
        kind: 'not-found',
        hint: `Running: ${all
          .filter((w) => w.alive)
          .map((w) => `${w.restUrl} (pid ${w.pid})`)
          .join(', ')}`,
      });
  } else if (!args.all && chosen.length > 1) {
    throw new UsageError(
      `${chosen.length} Connect workers are running; say which one to stop`,
      `Use --port N (running: ${chosen.map((w) => new URL(w.restUrl).port).join(', ')}) or --all.`,
    );
  }
  const results = await stopServers(chosen, { timeoutMs: args.timeoutMs, onWarning: warn });
  for (const r of results) {
    const w = r.record as ConnectWorkerRecord;
    const secs = (r.ms / 1000).toFixed(1);
    if (r.outcome === 'stale') out(`Connect worker ${w.restUrl} (pid ${w.pid}) was not running; removed its stale pid file`);
    else if (r.outcome === 'killed') out(`Connect worker ${w.restUrl} (pid ${w.pid}) killed after ${secs} s`);
    else out(`Connect worker ${w.restUrl} (pid ${w.pid}) stopped in ${secs} s`);
  }
}
