/**
 * The Kafka Connect REST client: one small class over fetch with a bound on every call.
 * Answers are returned as the worker sends them (see types.ts); failures become one
 * KafkaLabError naming the worker's own message, with a hint for the usual causes.
 */
import { KafkaLabError } from '../errors.js';
import type {
  ConfigInfos,
  ConnectorInfo,
  ConnectorOffsets,
  ConnectorStatus,
  ExpandedConnectors,
  LoggerLevel,
  PluginInfo,
  TaskStateInfo,
  WorkerInfo,
} from './types.js';

export const DEFAULT_CONNECT_URL = 'http://localhost:8083';

/** A REST call the worker refused: keeps its HTTP status and its own message. */
export class ConnectApiError extends KafkaLabError {
  constructor(
    readonly status: number,
    readonly workerMessage: string,
    message: string,
    hint: string,
  ) {
    super(message, { hint, kind: status === 404 ? 'not-found' : status === 400 ? 'invalid-config' : 'failed' });
    this.name = 'ConnectApiError';
  }
}

export interface ConnectClientOptions {
  url: string;
  /** per request, ms */
  timeoutMs?: number;
}

/** Base URL without a trailing slash; a bare host:port gets http://. */
export function normaliseUrl(url: string): string {
  const withScheme = /^[a-z]+:\/\//i.test(url) ? url : `http://${url}`;
  return withScheme.replace(/\/+$/, '');
}

/** The hint that goes with a refused call, from the status and the worker's text. */
export function hintFor(status: number, workerMessage: string, connector?: string): string {
  if (status === 404 && /Connector .* not found|No status found for connector/i.test(workerMessage))
    return 'kafka-lab connect list shows the connectors of this worker.';
  if (status === 404 && /Task .* not found/i.test(workerMessage)) return `kafka-lab connect describe ${connector ?? 'NAME'} shows its tasks.`;
  if (status === 404 && /plugin/i.test(workerMessage)) return 'kafka-lab connect plugins lists the plugins this worker has.';
  if (status === 409 && /rebalanc/i.test(workerMessage)) return 'The workers are rebalancing; try again in a few seconds.';
  if (status === 409) return 'Another change is in progress, or the connector already exists; try again, or use connect apply to update it.';
  if (/STOPPED state/i.test(workerMessage))
    return `Stop the connector first: kafka-lab connect stop ${connector ?? 'NAME'} (offsets change only while it is STOPPED).`;
  if (/Failed to find any class that implements Connector/i.test(workerMessage))
    return 'Install the plugin on the worker (kafka-lab plugin list shows the installable ones) and restart the worker.';
  if (status === 400) return 'The worker refused the request as malformed; check the config (connect apply --dry-run validates it).';
  return 'The worker log says more (kafka-lab connect loggers shows and sets its log levels).';
}

function unreachable(url: string, err: unknown, timeoutMs: number): KafkaLabError {
  const e = err as { name?: string; cause?: { code?: string } };
  const hint = 'Is a Connect worker running there? Start one with kafka-lab connect-standalone -daemon ..., or pass --url.';
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError')
    return new KafkaLabError(`Kafka Connect at ${url} did not answer within ${timeoutMs} ms`, { kind: 'timeout', hint, cause: err });
  const code = e?.cause?.code;
  const why = code === 'ECONNREFUSED' ? 'connection refused' : code === 'ENOTFOUND' ? 'unknown host' : (code ?? (err as Error)?.message ?? 'failed');
  return new KafkaLabError(`cannot reach Kafka Connect at ${url}: ${why}`, { kind: 'connection', hint, cause: err });
}

const enc = encodeURIComponent;

export class ConnectClient {
  readonly url: string;
  private readonly timeoutMs: number;

  constructor(opts: ConnectClientOptions) {
    this.url = normaliseUrl(opts.url);
    this.timeoutMs = opts.timeoutMs ?? 15_000;
  }

  /** One call; `connector` only improves the hint of a failure. */
  async request<T>(method: string, path: string, body?: unknown, connector?: string): Promise<{ status: number; data: T }> {
    let res: Response;
    try {
      res = await fetch(`${this.url}${path}`, {
        method,
        headers: body === undefined ? { Accept: 'application/json' } : { Accept: 'application/json', 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      throw unreachable(this.url, err, this.timeoutMs);
    }
    const text = await res.text();
    let data: unknown;
    try {
      data = text.length > 0 ? JSON.parse(text) : undefined;
    } catch {
      data = text;
    }
    if (res.status >= 400) {
      const workerMessage =
        typeof data === 'object' && data !== null && 'message' in data ? String((data as { message: unknown }).message) : text.slice(0, 300) || res.statusText;
      throw new ConnectApiError(res.status, workerMessage, `${workerMessage} (HTTP ${res.status})`, hintFor(res.status, workerMessage, connector));
    }
    return { status: res.status, data: data as T };
  }

  private async get<T>(path: string, connector?: string): Promise<T> {
    return (await this.request<T>('GET', path, undefined, connector)).data;
  }

  info(): Promise<WorkerInfo> {
    return this.get('/');
  }

  plugins(connectorsOnly = true): Promise<PluginInfo[]> {
    return this.get(`/connector-plugins?connectorsOnly=${connectorsOnly}`);
  }

  names(): Promise<string[]> {
    return this.get('/connectors');
  }

  expanded(): Promise<ExpandedConnectors> {
    return this.get('/connectors?expand=status&expand=info');
  }

  connector(name: string): Promise<ConnectorInfo> {
    return this.get(`/connectors/${enc(name)}`, name);
  }

  status(name: string): Promise<ConnectorStatus> {
    return this.get(`/connectors/${enc(name)}/status`, name);
  }

  /** PUT config: creates or updates; created = HTTP 201 */
  async putConfig(name: string, config: Record<string, string>): Promise<{ created: boolean; info: ConnectorInfo }> {
    const r = await this.request<ConnectorInfo>('PUT', `/connectors/${enc(name)}/config`, config, name);
    return { created: r.status === 201, info: r.data };
  }

  async patchConfig(name: string, config: Record<string, string>): Promise<ConnectorInfo> {
    return (await this.request<ConnectorInfo>('PATCH', `/connectors/${enc(name)}/config`, config, name)).data;
  }

  validate(connectorClass: string, config: Record<string, string>): Promise<ConfigInfos> {
    return this.request<ConfigInfos>('PUT', `/connector-plugins/${enc(connectorClass)}/config/validate`, config).then((r) => r.data);
  }

  async pause(name: string): Promise<void> {
    await this.request('PUT', `/connectors/${enc(name)}/pause`, undefined, name);
  }

  async resume(name: string): Promise<void> {
    await this.request('PUT', `/connectors/${enc(name)}/resume`, undefined, name);
  }

  async stop(name: string): Promise<void> {
    await this.request('PUT', `/connectors/${enc(name)}/stop`, undefined, name);
  }

  /** Restarts the connector (and its tasks when asked); the worker answers with the new status when tasks are included. */
  async restart(name: string, opts: { includeTasks: boolean; onlyFailed: boolean }): Promise<ConnectorStatus | undefined> {
    const q = `includeTasks=${opts.includeTasks}&onlyFailed=${opts.onlyFailed}`;
    const r = await this.request<ConnectorStatus>('POST', `/connectors/${enc(name)}/restart?${q}`, undefined, name);
    return r.status === 202 ? r.data : undefined;
  }

  async restartTask(name: string, task: number): Promise<void> {
    await this.request('POST', `/connectors/${enc(name)}/tasks/${task}/restart`, undefined, name);
  }

  taskStatus(name: string, task: number): Promise<TaskStateInfo> {
    return this.get(`/connectors/${enc(name)}/tasks/${task}/status`, name);
  }

  async delete(name: string): Promise<void> {
    await this.request('DELETE', `/connectors/${enc(name)}`, undefined, name);
  }

  offsets(name: string): Promise<ConnectorOffsets> {
    return this.get(`/connectors/${enc(name)}/offsets`, name);
  }

  /** DELETE offsets (connector must be STOPPED); returns the worker's message */
  async resetOffsets(name: string): Promise<string> {
    const r = await this.request<{ message?: string }>('DELETE', `/connectors/${enc(name)}/offsets`, undefined, name);
    return r.data?.message ?? '';
  }

  async alterOffsets(name: string, offsets: ConnectorOffsets): Promise<string> {
    const r = await this.request<{ message?: string }>('PATCH', `/connectors/${enc(name)}/offsets`, offsets, name);
    return r.data?.message ?? '';
  }

  loggers(): Promise<Record<string, LoggerLevel>> {
    return this.get('/admin/loggers');
  }

  /** Sets a logger's level on this worker (scope worker) or every worker (scope cluster); returns the loggers changed. */
  async setLogger(logger: string, level: string, scope: 'worker' | 'cluster' = 'worker'): Promise<string[]> {
    const r = await this.request<string[]>('PUT', `/admin/loggers/${enc(logger)}?scope=${scope}`, { level });
    return Array.isArray(r.data) ? r.data : [];
  }
}
