/**
 * The work behind zookeeper-start and server-start (and any command that runs one server):
 * start it in the foreground (streaming its log, forwarding Ctrl-C as its stop signal) or as
 * a daemon (spinner, one line), through the engine door.
 */
import { colour, out, info, spinner } from '../output/output.js';
import { KafkaLabError } from '../errors.js';
import { parseKeyValue } from '../config/properties.js';
import { resolveEngine, serverLabel, signalServer, type RunningServer } from '../engine/index.js';
import { colourLogLine } from '../process/log-lines.js';

export interface StartArgs {
  role: 'zookeeper' | 'broker';
  config: string;
  daemon: boolean;
  override: string[];
  engine?: string;
  heap?: string;
  timeoutMs?: number;
}

export function parseOverrides(items: string[]): [string, string][] {
  return items.map((i) => parseKeyValue(i, '--override'));
}

const label = serverLabel;

/** Exit status after our own signal: 130 after Ctrl-C, 143 after SIGTERM, else the JVM's code. */
export function foregroundExitCode(jvmCode: number, signalled: NodeJS.Signals | undefined): number {
  if (signalled === 'SIGINT') return 130;
  if (signalled === 'SIGTERM' || signalled === 'SIGHUP') return 143;
  return jvmCode;
}

/** Starts the server; resolves with the exit code (0 for a daemon once it is ready). */
export async function runStart(args: StartArgs): Promise<number> {
  const overrides = parseOverrides(args.override);
  const engine = await resolveEngine({ version: args.engine });
  const what = args.role === 'zookeeper' ? 'ZooKeeper' : 'Kafka broker';

  if (args.daemon) {
    const spin = await spinner(`starting ${what} (Kafka ${engine.info.version})`);
    let server: RunningServer;
    try {
      const opts = {
        configFile: args.config,
        overrides,
        daemon: true,
        heap: args.heap,
        readyTimeoutMs: args.timeoutMs,
        onProgress: (t: string) => spin.update(t),
      };
      server = args.role === 'zookeeper' ? await engine.startZooKeeper(opts) : await engine.startBroker(opts);
    } catch (err) {
      spin.fail();
      throw err;
    }
    spin.stop();
    out(`${label(server)} started: pid ${server.pid}, address ${server.address}, log ${server.logFile}`);
    return 0;
  }

  const c = colour();
  const server = await (args.role === 'zookeeper' ? engine.startZooKeeper : engine.startBroker).call(engine, {
    configFile: args.config,
    overrides,
    daemon: false,
    heap: args.heap,
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
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onSignal);
  const jvmCode = await server.exited!;
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  process.off('SIGHUP', onSignal);
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
