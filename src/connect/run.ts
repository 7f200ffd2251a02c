/** The work behind `kafka-lab connect <action>`: one plan, one REST client, results through the output layer. */
import { readFileSync } from 'node:fs';
import { KafkaLabError } from '../errors.js';
import { hints } from '../hints.js';
import { info, present, setExitCode, type OutputFormat } from '../output/output.js';
import { parseConfigPairs, parseConnectorFile } from './connector-file.js';
import type { ConnectPlan } from './plan.js';
import { describeText, dryRunText, explainStatus, infoText, listTable, loggersTable, offsetsTable, pluginsTable, settledState, tableText } from './present.js';
import { ConnectApiError, type ConnectClient } from './rest.js';
import type { ConnectorStatus } from './types.js';

function readFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new KafkaLabError(code === 'ENOENT' ? `connector file not found: ${file}` : `cannot read ${file}: ${code ?? (err as Error).message}`, {
      kind: code === 'ENOENT' ? 'not-found' : 'failed',
      hint: hints.checkPath,
    });
  }
}

async function existing(client: ConnectClient, name: string): Promise<Record<string, string> | undefined> {
  try {
    return (await client.connector(name)).config;
  } catch (err) {
    if (err instanceof ConnectApiError && err.status === 404) return undefined;
    throw err;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls the status until the connector and its tasks run, or something failed, within waitMs. */
export async function waitForConnector(client: ConnectClient, name: string, waitMs: number): Promise<ConnectorStatus> {
  const end = Date.now() + waitMs;
  let last: ConnectorStatus | undefined;
  for (;;) {
    try {
      last = await client.status(name);
      const s = settledState(last);
      if (s === 'running') return last;
      if (s === 'failed') {
        const ex = explainStatus(last);
        throw new KafkaLabError(ex.lines[0]!, {
          kind: 'failed',
          details: ex.lines.slice(1, -1).map((l) => l.trim()),
          hint: ex.lines[ex.lines.length - 1]!.trim(),
        });
      }
    } catch (err) {
      // 404 right after a create: the status is not written yet
      if (!(err instanceof ConnectApiError && err.status === 404)) throw err;
    }
    if (Date.now() >= end) {
      const state = last ? `connector ${last.connector.state}, tasks ${last.tasks.map((t) => `${t.id}: ${t.state}`).join(', ') || 'none'}` : 'no status yet';
      throw new KafkaLabError(`connector ${name} was not running within ${waitMs} ms (${state})`, {
        kind: 'timeout',
        hint: `kafka-lab connect describe ${name} shows its state; the worker log says why.`,
      });
    }
    await sleep(300);
  }
}

export async function runConnectPlan(plan: ConnectPlan, client: ConnectClient, format: OutputFormat | undefined): Promise<void> {
  const tableOr = (t: ReturnType<typeof listTable>) => ({ text: () => tableText(t), table: () => t });
  switch (plan.action) {
    case 'info': {
      const i = await client.info();
      present(format, { text: () => infoText(client.url, i), json: () => ({ url: client.url, ...i }) });
      return;
    }
    case 'plugins': {
      const p = await client.plugins(!plan.all);
      present(format, { ...tableOr(pluginsTable(p)), json: () => p });
      return;
    }
    case 'list': {
      const e = await client.expanded();
      present(format, { ...tableOr(listTable(e)), json: () => e });
      if (format !== 'json') {
        for (const v of Object.values(e)) {
          if (!v.status) continue;
          const ex = explainStatus(v.status);
          if (ex.problem) info(`note: ${ex.lines[0]}`);
        }
      }
      return;
    }
    case 'describe': {
      // the connector first: its 404 names a missing connector more plainly than the status's
      const i = await client.connector(plan.name);
      const s = await client.status(plan.name);
      present(format, { text: () => describeText(i, s, { trace: plan.trace }), json: () => ({ ...i, status: s }) });
      return;
    }
    case 'apply': {
      const def = parseConnectorFile(readFile(plan.file), plan.file, plan.name);
      const current = await existing(client, def.name);
      if (plan.dryRun) {
        const cls = def.config['connector.class']!;
        const v = await client.validate(cls, def.config);
        present(format, {
          text: () => dryRunText(def.name, cls, v, current, def.config),
          json: () => ({ name: def.name, exists: Boolean(current), validation: v }),
        });
        if (v.error_count > 0) setExitCode(1);
        return;
      }
      const r = await client.putConfig(def.name, def.config);
      const verb = r.created ? 'created' : 'updated';
      if (plan.waitMs !== undefined) {
        const s = await waitForConnector(client, def.name, plan.waitMs);
        present(format, {
          text: () => `connector ${def.name} ${verb}; running with ${s.tasks.length} task${s.tasks.length === 1 ? '' : 's'}`,
          json: () => ({ name: def.name, result: verb, status: s }),
        });
        return;
      }
      present(format, { text: () => `connector ${def.name} ${verb}`, json: () => ({ name: def.name, result: verb, info: r.info }) });
      return;
    }
    case 'patch': {
      const changes = plan.file ? parseConnectorFile(readFile(plan.file), plan.file, plan.name).config : {};
      Object.assign(changes, parseConfigPairs(plan.pairs));
      const i = await client.patchConfig(plan.name, changes);
      present(format, { text: () => `connector ${plan.name} patched: ${Object.keys(changes).sort().join(', ')}`, json: () => i });
      return;
    }
    case 'pause':
    case 'resume':
    case 'stop': {
      await client[plan.action](plan.name);
      const past = { pause: 'paused', resume: 'resumed', stop: 'stopped' }[plan.action];
      present(format, { text: () => `connector ${plan.name} ${past}`, json: () => ({ name: plan.name, result: past }) });
      return;
    }
    case 'delete': {
      await client.delete(plan.name);
      present(format, { text: () => `connector ${plan.name} deleted`, json: () => ({ name: plan.name, result: 'deleted' }) });
      return;
    }
    case 'restart': {
      if (plan.task !== undefined) {
        await client.restartTask(plan.name, plan.task);
        present(format, { text: () => `task ${plan.task} of ${plan.name} restarted`, json: () => ({ name: plan.name, task: plan.task, result: 'restarted' }) });
        return;
      }
      const s = await client.restart(plan.name, { includeTasks: true, onlyFailed: plan.failedOnly });
      const restarting = s ? s.tasks.filter((t) => t.state === 'RESTARTING').map((t) => t.id) : [];
      const connectorToo = s?.connector.state === 'RESTARTING';
      const what =
        plan.failedOnly && !connectorToo && restarting.length === 0
          ? `nothing to restart: connector ${plan.name} has no failed task`
          : `connector ${plan.name}: restarting ${[connectorToo ? 'the connector' : '', restarting.length > 0 ? `task${restarting.length === 1 ? '' : 's'} ${restarting.join(', ')}` : ''].filter(Boolean).join(' and ')}`;
      present(format, { text: () => what, json: () => ({ name: plan.name, status: s }) });
      return;
    }
    case 'offsets': {
      if (plan.sub === 'get') {
        const o = await client.offsets(plan.name);
        present(format, { ...tableOr(offsetsTable(o)), json: () => o });
        return;
      }
      const message = await client.resetOffsets(plan.name);
      present(format, { text: () => message || `offsets of ${plan.name} reset`, json: () => ({ name: plan.name, message }) });
      return;
    }
    case 'loggers': {
      if (plan.set) {
        const changed = await client.setLogger(plan.set.logger, plan.set.level, plan.set.scope);
        present(format, {
          text: () =>
            plan.set!.scope === 'cluster'
              ? `${plan.set!.logger} set to ${plan.set!.level} on every worker`
              : `${plan.set!.logger} set to ${plan.set!.level} (${changed.length} logger${changed.length === 1 ? '' : 's'} changed)`,
          json: () => ({ logger: plan.set!.logger, level: plan.set!.level, scope: plan.set!.scope, changed }),
        });
        return;
      }
      const l = await client.loggers();
      present(format, { ...tableOr(loggersTable(l)), json: () => l });
      return;
    }
    case 'top':
      throw new Error('connect top is run by src/connect/top.ts');
  }
}
