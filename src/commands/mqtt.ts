import * as mqtt from '../components/mqtt/server.js';
import { KafkaLabError, UsageError } from '../errors.js';
import { OUTPUT_FORMATS, out, present, spinner, type OutputFormat } from '../output/output.js';
import { defineCommand } from './types.js';

export const MQTT_ACTIONS = ['start', 'stop', 'status'] as const;
/** Words shell completion offers for the action. */
export const completions = { action: MQTT_ACTIONS };

export type MqttPlan =
  | { action: 'start'; dir?: string; port?: number; timeoutMs: number }
  | { action: 'stop'; dir?: string; port?: number }
  | { action: 'status'; output: OutputFormat };

/** The mqtt command line as a plan (pure). */
export function mqttPlan(a: { action?: string; dir?: string; port?: number; timeout?: number; output?: string }): MqttPlan {
  if (!a.action) throw new UsageError('mqtt needs an action: start, stop or status', 'Example: kafka-lab mqtt start --port 1883');
  if (a.port !== undefined && (!Number.isInteger(a.port) || a.port < 1 || a.port > 65535))
    throw new UsageError(`--port must be a whole number from 1 to 65535 (got ${a.port})`, 'Example: --port 1883');
  switch (a.action) {
    case 'start':
      return { action: 'start', dir: a.dir, port: a.port, timeoutMs: a.timeout ?? 30_000 };
    case 'stop':
      return { action: 'stop', dir: a.dir, port: a.port };
    case 'status':
      return { action: 'status', output: (a.output as OutputFormat | undefined) ?? 'text' };
    default:
      throw new UsageError(`unknown action '${a.action}' for 'mqtt'`, `Actions: ${MQTT_ACTIONS.join(', ')}`);
  }
}

export default defineCommand({
  command: 'mqtt [action]',
  describe: "The lab's MQTT broker (mosquitto on 127.0.0.1, anonymous clients): start, stop, status",
  builder: (y) =>
    y
      .positional('action', { type: 'string', describe: MQTT_ACTIONS.join(' | ') })
      .option('dir', { type: 'string', describe: 'its folder (mosquitto.conf, log); default ~/.kafka-lab/mosquitto' })
      .option('port', { type: 'number', describe: 'listener port on 127.0.0.1 (default 1883); stop: the one on this port' })
      .option('timeout', { type: 'number', describe: 'start: give up when not ready after this many ms (default 30000)' })
      .option('output', { alias: 'o', choices: OUTPUT_FORMATS, describe: 'status: text, table or json' })
      .example('kafka-lab mqtt start', 'mosquitto on mqtt://127.0.0.1:1883')
      .example('kafka-lab device-sim --devices 5 --rate 2', 'then: readings on devices/<id>')
      .example('kafka-lab mqtt stop', 'stop it (by pid file)'),
  handler: async (argv) => {
    const plan = mqttPlan(argv);
    if (plan.action === 'start') {
      const spin = await spinner('starting mosquitto');
      try {
        const r = await mqtt.startMqtt({ dir: plan.dir, port: plan.port, readyTimeoutMs: plan.timeoutMs, onProgress: (t) => spin.update(t) });
        spin.stop();
        out(`mosquitto ${r.started ? 'started' : 'is already running'}: pid ${r.record.pid}, ${r.url}, config ${r.record.configFile}, log ${r.record.logFile}`);
      } catch (err) {
        spin.fail();
        throw err;
      }
      return;
    }
    if (plan.action === 'stop') {
      const results = await mqtt.stopMqtt({ dir: plan.dir, port: plan.port });
      if (results.length === 0)
        throw new KafkaLabError(`no mosquitto started by kafka-lab is running${plan.port !== undefined ? ` on port ${plan.port}` : ''}`, {
          kind: 'not-found',
          hint: 'kafka-lab mqtt status lists what runs; kafka-lab only stops servers it started.',
        });
      for (const s of results)
        out(`mosquitto on ${s.record.address} (pid ${s.record.pid}) ${s.outcome === 'killed' ? 'killed' : 'stopped'} in ${(s.ms / 1000).toFixed(1)} s`);
      return;
    }
    const list = (await mqtt.runningMqtt()).filter((r) => r.alive);
    const rows = await Promise.all(list.map(async (r) => ({ ...r, url: `mqtt://${r.address}`, answers: await mqtt.mqttAnswers(`mqtt://${r.address}`) })));
    present(plan.output, {
      text: () =>
        rows.length === 0
          ? 'No mosquitto started by kafka-lab is running. Start one with: kafka-lab mqtt start'
          : rows
              .map((r) => `mosquitto ${r.url}: ${r.answers ? 'running' : 'not answering'} (pid ${r.pid}), config ${r.configFile}, log ${r.logFile}`)
              .join('\n'),
      table: () => ({
        head: ['url', 'state', 'pid', 'config', 'log'],
        rows: rows.map((r) => [r.url, r.answers ? 'running' : 'not answering', r.pid, r.configFile, r.logFile]),
      }),
      json: () => rows,
    });
  },
});
