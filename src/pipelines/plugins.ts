/**
 * The plugins of a data-lake lab: installed once into kafka-lab's plugin folder (through the
 * same code as `kafka-lab plugin install`), then linked into each worker's own plugin folder
 * so that a worker loads only what it needs. With plugin.discovery=service_load a plugin is
 * seen only through its ServiceLoader manifests: where one is missing, Kafka's
 * connect-plugin-path sync-manifests adds it.
 */
import { lstatSync, mkdirSync, readFileSync, readlinkSync, rmSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseConnectorFile } from '../connect/connector-file.js';
import { jarEntries } from '../connect/jar-index.js';
import { providersOf, resolvePluginSpec } from '../connect/plugin-catalogue.js';
import { findConnectorClass, installPlugin } from '../connect/plugin-install.js';
import { CONNECT_PLUGIN_PATH_TOOL } from '../connect/worker-plan.js';
import { resolveEngine } from '../engine/index.js';
import { KafkaLabError } from '../errors.js';
import type { PipelinesSection, PipelineWorker } from './types.js';

export interface PluginLink {
  /** relative to the lab folder: plugins/<worker>/<plugin> */
  name: string;
  /** the installed plugin folder */
  target: string;
}

/** Installs the plugins the links point at (when missing), then makes the links. */
export async function installLabPlugins(
  labDir: string,
  links: PluginLink[],
  o: { engineVersion: string; env: NodeJS.ProcessEnv; onProgress?: (text: string) => void },
): Promise<{ installed: string[]; present: string[] }> {
  const installed: string[] = [];
  const present: string[] = [];
  const targets = [...new Map(links.map((l) => [l.target, l])).values()];
  for (const l of targets) {
    const name = l.target.split('/').pop()!;
    const entry = resolvePluginSpec(name, o.engineVersion);
    // installed already with the catalogue's version: nothing to do (no Maven run)
    const r = await installPlugin(entry, {
      dir: dirname(l.target),
      env: o.env,
      onProgress: (t) => o.onProgress?.(`installing plugin ${name} ${entry.version} (once; kafka-lab plugin install ${name}): ${t}`),
    });
    (r.installed ? installed : present).push(name);
  }
  linkLabPlugins(labDir, links);
  return { installed, present };
}

/** Each worker's plugin folder holds links to the installed plugins it needs. */
export function linkLabPlugins(labDir: string, links: PluginLink[]): void {
  for (const l of links) {
    const path = join(labDir, l.name);
    mkdirSync(dirname(path), { recursive: true });
    let current: string | undefined;
    try {
      current = lstatSync(path).isSymbolicLink() ? readlinkSync(path) : 'not a link';
    } catch {
      current = undefined;
    }
    if (current === l.target) continue;
    if (current !== undefined) rmSync(path, { recursive: true, force: true });
    symlinkSync(l.target, path, 'dir');
  }
}

const CONNECTOR_SERVICES = /^META-INF\/services\/org\.apache\.kafka\.connect\.(source\.SourceConnector|sink\.SinkConnector)$/;

/** Connector class, its jar (undefined: no installed plugin has it) and whether service_load can see it. */
export interface ConnectorPluginCheck {
  worker: string;
  connector: string;
  file: string;
  connectorClass: string;
  jar?: string;
  hasManifest: boolean;
}

export function checkWorkerPlugins(w: PipelineWorker): ConnectorPluginCheck[] {
  return w.connectors.map((c) => {
    const def = parseConnectorFile(readFileSync(c.file, 'utf8'), c.file);
    const cls = def.config['connector.class']!;
    const jar = findConnectorClass(cls, [w.pluginDir], []);
    return {
      worker: w.name,
      connector: c.name,
      file: c.file,
      connectorClass: cls,
      jar,
      hasManifest: jar ? jarEntries(jar).some((n) => CONNECTOR_SERVICES.test(n)) : false,
    };
  });
}

/**
 * Adds missing ServiceLoader manifests with Kafka's connect-plugin-path tool (a plugin built
 * before KIP-898 would be invisible to plugin.discovery=service_load). Returns the folders synced.
 */
export async function syncManifests(
  p: PipelinesSection,
  o: { engineVersion: string; env: NodeJS.ProcessEnv; onProgress?: (t: string) => void },
): Promise<string[]> {
  const synced: string[] = [];
  for (const w of p.workers) {
    const lacking = checkWorkerPlugins(w).filter((c) => c.jar && !c.hasManifest);
    if (lacking.length === 0) continue;
    o.onProgress?.(`adding ServiceLoader manifests in ${w.pluginDir} (connect-plugin-path sync-manifests)`);
    const engine = await resolveEngine({ version: o.engineVersion, env: o.env });
    const r = await engine.runTool(CONNECT_PLUGIN_PATH_TOOL, ['sync-manifests', '--plugin-path', w.pluginDir], { timeoutMs: 300_000, env: o.env });
    if (r.exitCode !== 0)
      throw new KafkaLabError(`connect-plugin-path sync-manifests failed on ${w.pluginDir} (exit ${r.exitCode})`, {
        kind: 'process',
        hint: `Run it yourself to see why: kafka-lab connect-plugin-path sync-manifests --plugin-path ${w.pluginDir}`,
        details: `${r.stderr}\n${r.stdout}`
          .split('\n')
          .filter((l) => l.trim() && !/^\s+at /.test(l))
          .slice(-4),
      });
    synced.push(w.pluginDir);
  }
  return synced;
}

/** cluster up's pre-flight: every connector's class is in its worker's plugin folder, visible to service_load. */
export function assertLabPlugins(p: PipelinesSection): void {
  for (const w of p.workers) {
    for (const c of checkWorkerPlugins(w)) {
      if (!c.jar) {
        const wanted = w.plugins.find((name) => providersOf(c.connectorClass, '0').some((e) => e.name === name)) ?? w.plugins.join(' / ');
        throw new KafkaLabError(`the ${w.name} worker has no plugin for ${c.connectorClass} (connector ${c.connector}, ${c.file})`, {
          kind: 'not-found',
          hint: `Install it: kafka-lab plugin install ${wanted} (${w.pluginDir} links to kafka-lab's plugin folder), then run cluster up again.`,
        });
      }
      if (!c.hasManifest)
        throw new KafkaLabError(`plugin.discovery=service_load cannot see ${c.connectorClass}: ${c.jar} has no ServiceLoader manifest`, {
          kind: 'invalid-config',
          hint: `Add manifests with: kafka-lab connect-plugin-path sync-manifests --plugin-path ${w.pluginDir}`,
        });
    }
  }
}
