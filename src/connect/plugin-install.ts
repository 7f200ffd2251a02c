/**
 * `plugin install`: Connect plugins from Maven Central through Maven, into one folder per
 * plugin under $KAFKA_LAB_HOME/plugins (or --dir). Maven works in a temp folder that is
 * renamed into place only when it succeeded, so a failed install leaves nothing half-done;
 * a marker file records what was installed, so installing the same thing twice does nothing.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { mavenErrorLines, runMaven } from '../engine/maven.js';
import { KafkaLabError } from '../errors.js';
import { pluginsDir, templatesDir } from '../paths.js';
import { jarClasses } from './jar-index.js';
import { type CatalogueEntry, catalogue, classMatches, parseCoordinates } from './plugin-catalogue.js';

export const MARKER_FILE = 'kafka-lab-plugin.json';
const DEPENDENCY_PLUGIN = 'org.apache.maven.plugins:maven-dependency-plugin:3.8.1';
const MAVEN_MISSING = 'kafka-lab installs Connect plugins from Maven Central through Maven: install it (e.g. apt-get install maven).';

export interface PluginMarker {
  name: string;
  /** what was installed: catalogue name + version, or the Maven spec */
  spec: string;
  version: string;
  connectors: string[];
  installedAt: string;
}

export interface InstallPluginOptions {
  /** the plugin folder (a plugin.path entry); default $KAFKA_LAB_HOME/plugins */
  dir?: string;
  env?: NodeJS.ProcessEnv;
  onProgress?: (text: string) => void;
}

export interface InstallPluginResult {
  name: string;
  dir: string;
  /** false: the same plugin was installed already, nothing done */
  installed: boolean;
  /** another version was there and has been replaced */
  replaced?: string;
  jars: number;
}

function specKey(e: CatalogueEntry): string {
  const s = e.source;
  const what = s.kind === 'archive' ? s.artifact : s.kind === 'build' ? `build:${s.template}` : s.artifacts.join(',');
  return `${what}@${e.version}`;
}

export function readMarker(dir: string): PluginMarker | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, MARKER_FILE), 'utf8')) as PluginMarker;
  } catch {
    return undefined;
  }
}

/** Every .jar under a folder (plugin folders hold jars, sometimes in sub-folders). */
export function jarsUnder(dir: string, depth = 3): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const n of names.sort()) {
    const p = join(dir, n);
    if (n.endsWith('.jar')) out.push(p);
    else if (depth > 0) {
      try {
        if (statSync(p).isDirectory()) out.push(...jarsUnder(p, depth - 1));
      } catch {
        /* vanished */
      }
    }
  }
  return out;
}

function failure(what: string, run: { code: number; lines: string[] }): KafkaLabError {
  const refused = run.lines.some((l) => /Could not (find|resolve|transfer) artifact|not found in|status code: 40[34]|Failure to find/.test(l));
  return new KafkaLabError(refused ? `Maven Central does not serve ${what}` : `Maven could not install ${what} (exit ${run.code})`, {
    kind: refused ? 'not-found' : 'process',
    hint: refused
      ? 'Check the coordinates (group:artifact:version[:type:classifier]); kafka-lab plugin list shows the verified plugins.'
      : 'Check the network or the proxy settings of Maven (~/.m2/settings.xml).',
    details: mavenErrorLines(run.lines).length > 0 ? mavenErrorLines(run.lines) : run.lines.slice(-6),
  });
}

function dependenciesPom(artifacts: string[]): string {
  const deps = artifacts
    .map((a) => {
      const c = parseCoordinates(a)!;
      return `    <dependency><groupId>${c.groupId}</groupId><artifactId>${c.artifactId}</artifactId><version>${c.version}</version>${c.type ? `<type>${c.type}</type>` : ''}${c.classifier ? `<classifier>${c.classifier}</classifier>` : ''}</dependency>`;
    })
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>dev.kafkalab</groupId>
  <artifactId>connect-plugin</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
${deps}
  </dependencies>
</project>
`;
}

async function fetchInto(entry: CatalogueEntry, work: string, out: string, env: NodeJS.ProcessEnv, onProgress?: (t: string) => void): Promise<void> {
  const s = entry.source;
  const mvn = async (args: string[], what: string, cwd = work) => {
    const r = await runMaven(args, { cwd, env, onProgress, missingHint: MAVEN_MISSING });
    if (r.code !== 0) throw failure(what, r);
  };
  mkdirSync(out, { recursive: true });
  if (s.kind === 'jars') {
    for (const a of s.artifacts) await mvn([`${DEPENDENCY_PLUGIN}:copy`, `-Dartifact=${a}`, `-DoutputDirectory=${out}`], a);
  } else if (s.kind === 'archive') {
    const unpacked = join(work, 'unpacked');
    await mvn([`${DEPENDENCY_PLUGIN}:unpack`, `-Dartifact=${s.artifact}`, `-DoutputDirectory=${unpacked}`], s.artifact);
    // archives usually hold one top folder (debezium-connector-postgres/): its content is the plugin
    const top = readdirSync(unpacked);
    const inner = top.length === 1 && statSync(join(unpacked, top[0]!)).isDirectory() ? join(unpacked, top[0]!) : unpacked;
    rmSync(out, { recursive: true, force: true });
    renameSync(inner, out);
  } else if (s.kind === 'dependencies') {
    writeFileSync(join(work, 'pom.xml'), dependenciesPom(s.artifacts));
    await mvn(
      ['-f', join(work, 'pom.xml'), `${DEPENDENCY_PLUGIN}:copy-dependencies`, '-DincludeScope=runtime', `-DoutputDirectory=${out}`],
      s.artifacts.join(', '),
    );
  } else {
    const src = join(work, 'source');
    cpSync(join(templatesDir, 'plugins', s.template), src, { recursive: true });
    await mvn(
      ['-f', join(src, 'pom.xml'), 'package', `${DEPENDENCY_PLUGIN}:copy-dependencies`, '-DincludeScope=runtime', `-DoutputDirectory=${out}`],
      `the ${entry.name} plugin (built from source)`,
      src,
    );
    for (const f of readdirSync(join(src, 'target')).filter((f) => f.endsWith('.jar'))) cpSync(join(src, 'target', f), join(out, f));
  }
  if (jarsUnder(out).length === 0)
    throw new KafkaLabError(`installing ${entry.name} produced no jar`, {
      kind: 'failed',
      hint: 'Check the coordinates: the artifact must be a jar or a plugin archive.',
    });
}

/** Connector classes found in a plugin folder (for plugins installed by coordinates). */
function connectorClassesIn(dir: string): string[] {
  return jarsUnder(dir)
    .flatMap(jarClasses)
    .filter((c) => /Connector$/.test(c.slice(c.lastIndexOf('.') + 1)) && !/(Abstract|Base|Mock)/.test(c.slice(c.lastIndexOf('.') + 1)));
}

export async function installPlugin(entry: CatalogueEntry, opts: InstallPluginOptions = {}): Promise<InstallPluginResult> {
  const env = opts.env ?? process.env;
  const root = opts.dir ?? pluginsDir(env);
  const dir = join(root, entry.name);
  const key = specKey(entry);
  const before = readMarker(dir);
  if (before?.spec === key && jarsUnder(dir).length > 0) return { name: entry.name, dir, installed: false, jars: jarsUnder(dir).length };
  mkdirSync(root, { recursive: true });
  const work = join(root, `.install-${entry.name}-${process.pid}-${Date.now()}`);
  mkdirSync(work, { recursive: true });
  try {
    const out = join(work, 'plugin');
    await fetchInto(entry, work, out, env, opts.onProgress);
    const connectors = entry.connectors.length > 0 ? entry.connectors : connectorClassesIn(out);
    const marker: PluginMarker = { name: entry.name, spec: key, version: entry.version, connectors, installedAt: new Date().toISOString() };
    writeFileSync(join(out, MARKER_FILE), `${JSON.stringify(marker, null, 2)}\n`);
    if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
    renameSync(out, dir);
    return { name: entry.name, dir, installed: true, replaced: before && before.spec !== key ? before.version : undefined, jars: jarsUnder(dir).length };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export interface InstalledPlugin {
  name: string;
  dir: string;
  version?: string;
  connectors: string[];
  jars: number;
}

export function listInstalled(root: string): InstalledPlugin[] {
  let names: string[];
  try {
    names = readdirSync(root).filter((n) => !n.startsWith('.'));
  } catch {
    return [];
  }
  const out: InstalledPlugin[] = [];
  for (const n of names.sort()) {
    const dir = join(root, n);
    if (!statSync(dir).isDirectory()) continue;
    const m = readMarker(dir);
    out.push({ name: n, dir, version: m?.version, connectors: m?.connectors ?? [], jars: jarsUnder(dir).length });
  }
  return out;
}

export interface PluginListing {
  name: string;
  version: string;
  installed: boolean;
  /** installed, but another version than the catalogue's */
  installedVersion?: string;
  summary: string;
  dir?: string;
}

/** The catalogue with what is installed, then installed plugins the catalogue does not know. */
export function pluginListing(root: string, engineVersion: string): PluginListing[] {
  const installed = listInstalled(root);
  const rows: PluginListing[] = catalogue(engineVersion).map((e) => {
    const i = installed.find((x) => x.name === e.name);
    return {
      name: e.name,
      version: e.version,
      installed: Boolean(i),
      installedVersion: i && i.version !== e.version ? (i.version ?? 'unknown') : undefined,
      summary: e.summary,
      dir: i?.dir,
    };
  });
  for (const i of installed)
    if (!rows.some((r) => r.name === i.name))
      rows.push({ name: i.name, version: i.version ?? 'unknown', installed: true, summary: i.connectors.join(', ') || `${i.jars} jars`, dir: i.dir });
  return rows;
}

/** plugin.path as Connect reads it: comma-separated folders. */
export function splitPluginPath(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * Where a connector class is found: a jar on plugin.path or on the worker classpath (the
 * engine's libs and $CLASSPATH). Undefined when nothing provides it.
 */
export function findConnectorClass(connectorClass: string, pluginPath: string[], classpathJars: string[]): string | undefined {
  const jars = [...pluginPath.flatMap((p) => (p.endsWith('.jar') ? [p] : jarsUnder(p))), ...classpathJars];
  for (const jar of jars) if (jarClasses(jar).some((c) => classMatches(connectorClass, c))) return jar;
  return undefined;
}

/** Jars of the classpath a worker gets: the engine's libs and $CLASSPATH entries. */
export function workerClasspathJars(engineLibs: string, env: NodeJS.ProcessEnv): string[] {
  const fromEnv = (env.CLASSPATH ?? '').split(delimiter).filter((p) => p.endsWith('.jar'));
  let libs: string[] = [];
  try {
    // only Connect's own jars can hold connectors among the engine's libs
    libs = readdirSync(engineLibs)
      .filter((f) => /^connect-.*\.jar$/.test(f) && !/^connect-file/.test(f))
      .map((f) => join(engineLibs, f));
  } catch {
    /* no engine */
  }
  return [...libs, ...fromEnv];
}
