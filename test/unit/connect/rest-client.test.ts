import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfigPairs, parseConnectorFile } from '../../../src/connect/connector-file.js';
import { parseConnectPlan, resolveConnectUrl } from '../../../src/connect/plan.js';
import {
  columns,
  describeText,
  diffConfig,
  dryRunText,
  explainStatus,
  listTable,
  loggersTable,
  offsetsTable,
  settledState,
  traceSummary,
} from '../../../src/connect/present.js';
import { ConnectApiError, ConnectClient, hintFor, normaliseUrl } from '../../../src/connect/rest.js';
import type { ConnectorStatus } from '../../../src/connect/types.js';
import { UsageError } from '../../../src/errors.js';

const TRACE =
  'org.apache.kafka.connect.errors.ConnectException: Exiting WorkerSinkTask due to unrecoverable exception.\n\tat org.apache.kafka.connect.runtime.WorkerSinkTask.deliverMessages(WorkerSinkTask.java:636)\nCaused by: org.apache.kafka.connect.errors.ConnectException: java.nio.file.AccessDeniedException: /root/out.txt\n\tat x.y(Z.java:1)\nCaused by: java.nio.file.AccessDeniedException: /root/out.txt\n\tat a.b(C.java:2)\n';

function status(over: Partial<ConnectorStatus> = {}): ConnectorStatus {
  return {
    name: 'sink',
    connector: { state: 'RUNNING', worker_id: '127.0.0.1:8083' },
    tasks: [{ id: 0, state: 'RUNNING', worker_id: '127.0.0.1:8083' }],
    type: 'sink',
    ...over,
  };
}

describe('connect plan', () => {
  it('parses each action with its arguments', () => {
    expect(parseConnectPlan('list', [], {})).toEqual({ action: 'list' });
    expect(parseConnectPlan('describe', ['a'], { trace: true })).toEqual({ action: 'describe', name: 'a', trace: true });
    expect(parseConnectPlan('apply', [], { file: 'c.json', dryRun: true })).toEqual({
      action: 'apply',
      file: 'c.json',
      name: undefined,
      dryRun: true,
      waitMs: undefined,
    });
    expect(parseConnectPlan('apply', ['c.properties'], {})).toMatchObject({ action: 'apply', file: 'c.properties' });
    expect(parseConnectPlan('restart', ['a'], { failedOnly: true })).toEqual({ action: 'restart', name: 'a', failedOnly: true, task: undefined });
    expect(parseConnectPlan('restart', ['a'], { task: 1 })).toEqual({ action: 'restart', name: 'a', failedOnly: false, task: 1 });
    expect(parseConnectPlan('offsets', ['get', 'a'], {})).toEqual({ action: 'offsets', sub: 'get', name: 'a' });
    expect(parseConnectPlan('loggers', ['set', 'org.apache.kafka', 'debug'], {})).toEqual({
      action: 'loggers',
      set: { logger: 'org.apache.kafka', level: 'DEBUG', scope: 'worker' },
    });
    expect(parseConnectPlan('patch', ['a', 'tasks.max=2'], {})).toEqual({ action: 'patch', name: 'a', pairs: ['tasks.max=2'], file: undefined });
    expect(parseConnectPlan('top', [], { interval: 500 })).toEqual({ action: 'top', intervalMs: 500, iterations: undefined });
  });
  it('refuses usage mistakes with one line and a hint', () => {
    const usage = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        expect(e).toBeInstanceOf(UsageError);
        return (e as UsageError).message;
      }
      throw new Error('no error');
    };
    expect(usage(() => parseConnectPlan('descibe', ['a'], {}))).toBe("unknown action 'descibe' for 'connect'");
    expect(usage(() => parseConnectPlan('describe', [], {}))).toBe('connect describe needs a connector name');
    expect(usage(() => parseConnectPlan('apply', [], {}))).toBe('connect apply needs a connector file (-f FILE)');
    expect(usage(() => parseConnectPlan('restart', ['a'], { task: 0, failedOnly: true }))).toBe('--task and --failed-only cannot be used together');
    expect(usage(() => parseConnectPlan('offsets', ['drop', 'a'], {}))).toBe("unknown offsets action 'drop'");
    expect(usage(() => parseConnectPlan('loggers', ['set', 'x', 'LOUD'], {}))).toBe("'LOUD' is not a log level");
    expect(usage(() => parseConnectPlan('top', [], { interval: 10 }))).toBe('--interval must be at least 200 ms, got 10');
    expect(usage(() => parseConnectPlan(undefined, [], {}))).toBe('connect needs an action');
  });
  it('resolves the URL: flag, profile, env, default', () => {
    expect(resolveConnectUrl('http://a:1', 'http://b:2', { KAFKA_CONNECT_URL: 'http://c:3' })).toBe('http://a:1');
    expect(resolveConnectUrl(undefined, 'http://b:2', { KAFKA_CONNECT_URL: 'http://c:3' })).toBe('http://b:2');
    expect(resolveConnectUrl(undefined, undefined, { KAFKA_CONNECT_URL: 'http://c:3' })).toBe('http://c:3');
    expect(resolveConnectUrl(undefined, undefined, {})).toBe('http://localhost:8083');
    expect(normaliseUrl('localhost:8083/')).toBe('http://localhost:8083');
  });
});

describe('connector files', () => {
  it('reads the {name, config} JSON form, a flat JSON form and properties', () => {
    expect(parseConnectorFile('{"name":"s","config":{"connector.class":"FileStreamSource","tasks.max":1,"topics":["a","b"]}}', 'f.json')).toEqual({
      name: 's',
      config: { 'connector.class': 'FileStreamSource', 'tasks.max': '1', topics: 'a,b', name: 's' },
    });
    expect(parseConnectorFile('{"name":"s","connector.class":"X"}', 'f.json').config).toEqual({ name: 's', 'connector.class': 'X' });
    expect(parseConnectorFile('name=p\nconnector.class=FileStreamSink\n# c\nfile=/tmp/x\n', 'f.properties')).toEqual({
      name: 'p',
      config: { name: 'p', 'connector.class': 'FileStreamSink', file: '/tmp/x' },
    });
    expect(parseConnectorFile('connector.class=X\n', 'f.properties', 'given').name).toBe('given');
  });
  it('explains broken files', () => {
    expect(() => parseConnectorFile('{"name":', 'f.json')).toThrow(/f.json is not valid JSON/);
    expect(() => parseConnectorFile('connector.class=X\n', 'f.properties')).toThrow('f.properties does not name the connector');
    expect(() => parseConnectorFile('name=x\n', 'f.properties')).toThrow('f.properties has no connector.class');
    expect(() => parseConfigPairs(['tasks.max'])).toThrow("'tasks.max' is not key=value");
    expect(parseConfigPairs(['a=1', 'b=x=y'])).toEqual({ a: '1', b: 'x=y' });
  });
});

describe('presenters', () => {
  it('lists connectors with task states', () => {
    const t = listTable({ b: { status: status({ name: 'b' }) }, a: { status: status({ name: 'a', type: 'source', tasks: [] }) } });
    expect(t.rows).toEqual([
      ['a', 'source', 'RUNNING', '-'],
      ['b', 'sink', 'RUNNING', '0: RUNNING'],
    ]);
    expect(columns([t.head, ...(t.rows as string[][])])).toBe('NAME  TYPE    STATE    TASKS\na     source  RUNNING  -\nb     sink    RUNNING  0: RUNNING');
  });
  it('summarises a trace by its first line and deepest cause', () => {
    expect(traceSummary(TRACE)).toBe(
      'org.apache.kafka.connect.errors.ConnectException: Exiting WorkerSinkTask due to unrecoverable exception. (caused by java.nio.file.AccessDeniedException: /root/out.txt)',
    );
    expect(traceSummary(undefined)).toBeUndefined();
  });
  it('says that a RUNNING connector with a FAILED task is not healthy', () => {
    const s = status({
      tasks: [
        { id: 0, state: 'RUNNING', worker_id: 'w' },
        { id: 1, state: 'FAILED', worker_id: 'w', trace: TRACE },
      ],
    });
    const ex = explainStatus(s);
    expect(ex.problem).toBe(true);
    expect(ex.lines[0]).toBe(
      'connector sink is RUNNING, but task 1 is FAILED: the connector state covers only the Connector instance; records move in tasks, and 1 of 2 tasks still runs.',
    );
    expect(ex.lines[1]).toMatch(/^ {2}task 1: .*AccessDeniedException/);
    expect(ex.lines[2]).toContain('kafka-lab connect restart sink --failed-only');
    expect(settledState(s)).toBe('failed');
  });
  it('explains FAILED connectors, no tasks, PAUSED and STOPPED', () => {
    expect(explainStatus(status({ connector: { state: 'FAILED', worker_id: 'w', trace: TRACE }, tasks: [] })).lines[0]).toBe(
      'connector sink is FAILED: its Connector instance could not start, so no task runs.',
    );
    expect(explainStatus(status({ tasks: [] }))).toMatchObject({ problem: true });
    expect(explainStatus(status({ connector: { state: 'PAUSED', worker_id: 'w' }, tasks: [{ id: 0, state: 'PAUSED', worker_id: 'w' }] })).lines[0]).toMatch(
      /is PAUSED/,
    );
    expect(explainStatus(status({ connector: { state: 'STOPPED', worker_id: 'w' }, tasks: [] })).problem).toBe(false);
    expect(explainStatus(status())).toEqual({ problem: false, lines: [] });
    expect(settledState(status())).toBe('running');
    expect(settledState(status({ tasks: [] }))).toBe('pending');
  });
  it('describes a connector, with the full trace on request', () => {
    const s = status({ tasks: [{ id: 0, state: 'FAILED', worker_id: 'w', trace: TRACE }] });
    const i = { name: 'sink', config: { 'connector.class': 'FileStreamSink', topics: 't' }, tasks: [{ connector: 'sink', task: 0 }], type: 'sink' as const };
    const short = describeText(i, s);
    expect(short).toContain('Name:       sink');
    expect(short).toContain('  connector.class:  FileStreamSink');
    expect(short).toContain('    Error:      org.apache.kafka.connect.errors.ConnectException');
    expect(short).not.toContain('WorkerSinkTask.java:636');
    const full = describeText(i, s, { trace: true });
    expect(full).toContain('      \tat org.apache.kafka.connect.runtime.WorkerSinkTask.deliverMessages(WorkerSinkTask.java:636)');
  });
  it('shows offsets, loggers, and a dry run with its diff', () => {
    expect(offsetsTable({ offsets: [{ partition: { filename: '/x' }, offset: { position: 10 } }] }).rows).toEqual([['{"filename":"/x"}', '{"position":10}']]);
    expect(loggersTable({ 'org.x': { level: 'INFO' }, root: { level: 'WARN', last_modified: 0 } }).rows).toEqual([
      ['root', 'WARN', '-'],
      ['org.x', 'INFO', '-'],
    ]);
    expect(diffConfig({ a: '1', b: '2' }, { a: '1', b: '3', c: '4' })).toEqual({ added: ['c'], changed: ['b'], removed: [] });
    const v = {
      name: 'X',
      error_count: 1,
      groups: [],
      configs: [
        { value: { name: 'topics', value: null, errors: ['Must configure one of topics or topics.regex'] } },
        { value: { name: 'file', value: '/x', errors: [] } },
      ],
    };
    expect(dryRunText('s', 'FileStreamSink', v, { a: '1' }, { a: '2' })).toBe(
      'config of s has 1 error (FileStreamSink):\n  topics: Must configure one of topics or topics.regex\ndry run: would update connector s:\n  ~ a: 1 -> 2',
    );
    expect(dryRunText('s', 'C', { ...v, error_count: 0, configs: [] }, undefined, {})).toBe(
      'config of s is valid for C (0 settings checked)\ndry run: would create connector s',
    );
  });
});

describe('REST client against a fake worker', () => {
  let server: Server;
  let url: string;
  const seen: string[] = [];
  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res: ServerResponse) => {
      seen.push(`${req.method} ${req.url}`);
      res.setHeader('Content-Type', 'application/json');
      if (req.url === '/connectors/nope/status') {
        res.statusCode = 404;
        res.end('{"error_code":404,"message":"No status found for connector nope"}');
      } else if (req.url === '/connectors/gone') {
        res.statusCode = 404;
        res.end('{"error_code":404,"message":"Connector gone not found"}');
      } else if (req.url?.startsWith('/connectors/a/restart')) {
        res.statusCode = 202;
        res.end(JSON.stringify(status({ name: 'a', tasks: [{ id: 0, state: 'RESTARTING', worker_id: 'w' }] })));
      } else if (req.url === '/connectors/a/offsets' && req.method === 'DELETE') {
        res.statusCode = 400;
        res.end(
          '{"error_code":400,"message":"Connectors must be in the STOPPED state before their offsets can be modified. This can be done for the specified connector by issuing a \'PUT\' request to the \'/connectors/a/stop\' endpoint"}',
        );
      } else if (req.url === '/connectors/a/config' && req.method === 'PUT') {
        res.statusCode = 201;
        res.end('{"name":"a","config":{},"tasks":[]}');
      } else {
        res.end('{"version":"3.9.2","commit":"c","kafka_cluster_id":"k"}');
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(() => server.close());

  it('sends the REST calls Connect expects', async () => {
    const c = new ConnectClient({ url });
    expect(await c.info()).toEqual({ version: '3.9.2', commit: 'c', kafka_cluster_id: 'k' });
    expect((await c.putConfig('a', { x: '1' })).created).toBe(true);
    expect((await c.restart('a', { includeTasks: true, onlyFailed: true }))?.tasks[0]?.state).toBe('RESTARTING');
    expect(seen).toContain('POST /connectors/a/restart?includeTasks=true&onlyFailed=true');
    await c.setLogger('org.x', 'DEBUG', 'cluster');
    expect(seen).toContain('PUT /admin/loggers/org.x?scope=cluster');
  });
  it("turns the worker's refusals into one line with a hint", async () => {
    const c = new ConnectClient({ url });
    const err = (await c.connector('gone').catch((e) => e)) as ConnectApiError;
    expect(err).toBeInstanceOf(ConnectApiError);
    expect(err.message).toBe('Connector gone not found (HTTP 404)');
    expect(err.hint).toBe('kafka-lab connect list shows the connectors of this worker.');
    const stopped = (await c.resetOffsets('a').catch((e) => e)) as ConnectApiError;
    expect(stopped.hint).toBe('Stop the connector first: kafka-lab connect stop a (offsets change only while it is STOPPED).');
  });
  it('says when no worker answers', async () => {
    const closed = await new Promise<number>((r) => {
      const s = createServer();
      s.listen(0, '127.0.0.1', () => {
        const port = (s.address() as { port: number }).port;
        s.close(() => r(port));
      });
    });
    const c = new ConnectClient({ url: `http://127.0.0.1:${closed}` });
    await expect(c.info()).rejects.toThrow(`cannot reach Kafka Connect at http://127.0.0.1:${closed}: connection refused`);
    expect(hintFor(409, 'Cannot complete request because of a conflicting operation (e.g. worker rebalance)')).toMatch(/rebalancing/);
  });
});
