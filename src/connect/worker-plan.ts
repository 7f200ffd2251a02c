/**
 * What a Connect worker config says that kafka-lab must know before starting it: where its
 * REST API listens, which brokers it needs, where its plugins are, and which required settings
 * are missing. Pure, unit-tested; the process work is in src/engine/apache/connect-worker.ts.
 */
import { splitPluginPath } from './plugin-install.js';

export type ConnectMode = 'standalone' | 'distributed';

export interface WorkerFacts {
  mode: ConnectMode;
  /** host the REST server binds ('' = every interface) */
  restHost: string;
  restPort: number;
  /** URL kafka-lab dials to reach the REST API */
  restUrl: string;
  bootstrapServers: string[];
  pluginPath: string[];
  /** Kafka's default is hybrid_warn (scan everything, warn about missing manifests) */
  pluginDiscovery: string;
  /** required settings that are absent */
  missing: string[];
}

/** Settings ConnectStandalone / ConnectDistributed refuse to start without. */
export const REQUIRED: Record<ConnectMode, string[]> = {
  standalone: ['offset.storage.file.filename'],
  distributed: ['group.id', 'config.storage.topic', 'offset.storage.topic', 'status.storage.topic'],
};

/** Connect's default `listeners`. */
export const DEFAULT_LISTENERS = 'http://:8083';

/** The first HTTP(S) listener: { scheme, host, port }. */
export function parseRestListener(value: string): { scheme: string; host: string; port: number } | undefined {
  for (const item of value.split(',').map((s) => s.trim())) {
    const m = /^(https?):\/\/(\[[^\]]*\]|[^:/]*):(\d+)\/?$/i.exec(item);
    if (m) return { scheme: m[1]!.toLowerCase(), host: m[2]!.replace(/^\[|\]$/g, ''), port: Number(m[3]) };
  }
  return undefined;
}

/** The host to dial for a bind host: every-interface binds are reached on loopback. */
export function dialHostFor(bindHost: string): string {
  if (bindHost === '' || bindHost === '0.0.0.0') return '127.0.0.1';
  if (bindHost === '::') return '[::1]';
  return bindHost.includes(':') ? `[${bindHost}]` : bindHost;
}

export function workerFacts(props: Map<string, string>, mode: ConnectMode): WorkerFacts {
  let listener = parseRestListener(props.get('listeners') ?? '');
  if (!listener && !props.has('listeners') && props.has('rest.port')) {
    listener = { scheme: 'http', host: props.get('rest.host.name') ?? '', port: Number(props.get('rest.port')) };
  }
  listener ??= parseRestListener(DEFAULT_LISTENERS)!;
  const bootstrap = (props.get('bootstrap.servers') ?? 'localhost:9092')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return {
    mode,
    restHost: listener.host,
    restPort: listener.port,
    restUrl: `${listener.scheme}://${dialHostFor(listener.host)}:${listener.port}`,
    bootstrapServers: bootstrap,
    pluginPath: splitPluginPath(props.get('plugin.path')),
    pluginDiscovery: props.get('plugin.discovery') ?? 'hybrid_warn',
    missing: REQUIRED[mode].filter((k) => !props.get(k)),
  };
}

/** Heap the connect-*.sh scripts set when KAFKA_HEAP_OPTS is empty. */
export const CONNECT_HEAP_OPTS = '-Xms256M -Xmx2G';

/** Kafka's connect-plugin-path.sh tool class (Kafka 3.6+). */
export const CONNECT_PLUGIN_PATH_TOOL = 'org.apache.kafka.tools.ConnectPluginPath';
