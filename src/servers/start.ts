/**
 * The work behind zookeeper-start and server-start (and any command that runs one server):
 * start it in the foreground (streaming its log, forwarding Ctrl-C as its stop signal) or as
 * a daemon (spinner, one line), through the engine door.
 */
import { colour, out, info, spinner } from '../output/output.js';
import { KafkaLabError } from '../errors.js';
import { resolveEngine, serverLabel, signalServer, type RunningServer } from '../engine/index.js';
import { colourLogLine } from '../process/log-lines.js';
import { onStopSignals } from '../util/signals.js';

/** What a start command asked for (commands/start-command.ts builds it from the options). */
export interface StartPlan {
  role: 'zookeeper' | 'broker';
  configFile: string;
  daemon: boolean;
  overrides: [string, string][];
  /** Kafka version to run; default: the default engine */
  engineVersion?: string;
  heap?: string;
  readyTimeoutMs?: number;
}

const label = serverLabel;

/** Exit status after our own signal: 130 after Ctrl-C, 143 after SIGTERM, else the JVM's code. */
export function foregroundExitCode(jvmCode: number, signalled: NodeJS.Signals | undefined): number {
  if (signalled === 'SIGINT') return 130;
  if (signalled === 'SIGTERM' || signalled === 'SIGHUP') return 143;
  return jvmCode;
}

/** Starts the server; resolves with the exit code (0 for a daemon once it is ready). */
export async function runStart(plan: StartPlan): Promise<number> {
  const { overrides } = plan;
  const engine = await resolveEngine({ version: plan.engineVersion });
  const what = plan.role === 'zookeeper' ? 'ZooKeeper' : 'Kafka broker';

  if (plan.daemon) {
    const spin = await spinner(`starting ${what} (Kafka ${engine.info.version})`);
    let server: RunningServer;
    try {
      const opts = {
        configFile: plan.configFile,
        overrides,
        daemon: true,
        heap: plan.heap,
        readyTimeoutMs: plan.readyTimeoutMs,
        onProgress: (t: string) => spin.update(t),
      };
      server = plan.role === 'zookeeper' ? await engine.startZooKeeper(opts) : await engine.startBroker(opts);
    } catch (err) {
      spin.fail();
      throw err;
    }
    spin.stop();
    out(`${label(server)} started: pid ${server.pid}, address ${server.address}, log ${server.logFile}`);
    return 0;
  }

  const c = colour();
  const server = await (plan.role === 'zookeeper' ? engine.startZooKeeper : engine.startBroker).call(engine, {
    configFile: plan.configFile,
    overrides,
    daemon: false,
    heap: plan.heap,
    onLogLine: (line: string) => out(colourLogLine(line, c)),
  });
  let signalled: NodeJS.Signals | undefined;
  const onSignal = (sig: NodeJS.Signals) => {
    if (signalled) {
      info(`${label(server)} is still shutting down (pid ${server.pid}); kafka-lab server-stop sends SIGKILL after a timeout`);
      return;
    }
    signalled = sig;
    info(`stopping ${label(server)} (pid ${server.pid}) ...`);
    signalServer(server, 'SIGTERM');
  };
  const offSignals = onStopSignals(onSignal, ['SIGINT', 'SIGTERM', 'SIGHUP']);
  const jvmCode = await server.exited!;
  offSignals();
  const code = foregroundExitCode(jvmCode, signalled);
  if (!signalled && (jvmCode === 143 || jvmCode === 130)) {
    // stopped from elsewhere (kafka-lab server-stop, kill): a normal shutdown, not a failure to report
    info(`${label(server)} (pid ${server.pid}) was stopped by a signal`);
  } else if (!signalled && jvmCode !== 0) {
    throw new KafkaLabError(`${label(server)} exited with code ${jvmCode}`, {
      kind: 'process',
      hint: `The log above says why (also in ${server.logFile}).`,
      exitCode: jvmCode,
    });
  }
  return code;
}
