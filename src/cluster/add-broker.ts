/**
 * `cluster add-broker`: one more broker for a running lab, the classic scale-out step. The new
 * server-N.properties is the lab's first broker config with what must differ changed: the
 * id (the highest + 1), the client port (the next in the lab's sequence), log.dirs, and in
 * KRaft `process.roles=broker` (a broker-only node: the controller quorum stays as it is).
 * cluster.json, the connection profile and TERMINALS.md learn about it; then it is started
 * like `cluster start-broker` and waited for until it is registered. If it does not come up,
 * the lab is put back as it was (its log stays in logs/ to read why).
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatProperties, readPropertiesFile } from '../config/properties.js';
import { parseListeners } from '../config/server-config.js';
import { KafkaLabError } from '../errors.js';
import { portIsFree } from '../util/ports.js';
import { labAdminConfig, readLab, type LabFolder } from './lab.js';
import { MANIFEST_FILE, SECRETS_DIR, TERMINALS_FILE, terminalsText, type LabManifest, type LabNode } from './scaffold.js';

export interface NewBroker {
  node: LabNode;
  /** the broker's config entries, in the template's order */
  config: [string, string][];
  header: string;
  manifest: LabManifest;
  /** TLS labs: the keystore to issue for it (signed by the lab's CA) */
  keystore?: { path: string; keyPassword: string };
}

/** Every port the lab uses (brokers, controllers, ZooKeeper). */
function labPorts(m: LabManifest): Set<number> {
  const ports = new Set<number>();
  for (const n of m.nodes) {
    ports.add(n.port);
    if (n.controllerPort !== undefined) ports.add(n.controllerPort);
  }
  if (m.zookeeper) ports.add(m.zookeeper.port);
  return ports;
}

/** The next client port: the lab's step continued (9092, 9093, 9094 -> 9095), skipping ports of the lab. */
export function nextBrokerPort(m: LabManifest): number {
  const ports = m.nodes.map((n) => n.port);
  const steps = new Set(ports.slice(1).map((p, i) => p - ports[i]!));
  const step = steps.size === 1 && [...steps][0]! > 0 ? [...steps][0]! : 1;
  const used = labPorts(m);
  let port = Math.max(...ports) + step;
  while (used.has(port)) port++;
  return port;
}

/**
 * The new broker of a lab (pure): its node entry, its config made from `template` (a broker
 * config of the lab, entries in order) and the manifest that includes it.
 */
export function planNewBroker(m: LabManifest, template: Map<string, string>, opts: { port?: number } = {}): NewBroker {
  const id = Math.max(...m.nodes.map((n) => n.id)) + 1;
  const host = m.nodes[0]!.host;
  const port = opts.port ?? nextBrokerPort(m);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new KafkaLabError(`--port must be from 1 to 65535 (got ${port})`, { kind: 'usage' });
  if (labPorts(m).has(port))
    throw new KafkaLabError(`port ${port} is already used by this lab`, {
      kind: 'usage',
      hint: 'Choose a free port with --port, or leave it out to take the next one.',
    });
  const logDir = join(m.dir, 'data', `broker-${id}`);
  const node: LabNode = {
    id,
    roles: ['broker'],
    configFile: `server-${id}.properties`,
    host,
    port,
    logDir,
    serverLogDir: join(m.dir, 'logs', `broker-${id}`),
  };
  // the listener clients use: every listener but the controller's
  const controllerNames = (template.get('controller.listener.names') ?? '').split(',').filter(Boolean);
  const listeners = parseListeners(template.get('listeners'), 'the lab broker config').filter((l) => !controllerNames.includes(l.name));
  if (listeners.length !== 1)
    throw new KafkaLabError(`the lab's broker configs have ${listeners.length} client listeners; add-broker knows how to copy one`, {
      kind: 'unsupported',
      hint: 'Add the broker by hand: copy a server-N.properties and change its id, ports and log.dirs.',
    });
  const listener = `${listeners[0]!.name}://${host}:${port}`;
  const config: [string, string][] = [];
  let keystore: NewBroker['keystore'];
  for (const [k, v] of template) {
    switch (k) {
      case 'broker.id':
      case 'node.id':
        config.push([k, String(id)]);
        break;
      case 'process.roles':
        config.push([k, 'broker']);
        break;
      case 'listeners':
      case 'advertised.listeners':
        config.push([k, listener]);
        break;
      case 'log.dirs':
      case 'log.dir':
        config.push([k, logDir]);
        break;
      case 'ssl.keystore.location': {
        const path = join(m.dir, SECRETS_DIR, `broker-${id}.pem`);
        keystore = { path, keyPassword: template.get('ssl.key.password') ?? '' };
        config.push([k, path]);
        break;
      }
      default:
        config.push([k, v]);
    }
  }
  if (!template.has('advertised.listeners')) config.push(['advertised.listeners', listener]);
  const mode = m.mode === 'kraft' ? 'KRaft, broker only: the controller quorum is unchanged' : 'ZooKeeper mode';
  const header = [
    `Broker ${id} (${mode}) of the kafka-lab cluster in ${m.dir}`,
    'Added by kafka-lab cluster add-broker: id, port and log.dirs are unique to this file.',
  ].join('\n');
  const manifest: LabManifest = { ...m, nodes: [...m.nodes, node], bootstrapServers: `${m.bootstrapServers},${host}:${port}` };
  return { node, config, header, manifest, keystore };
}

const PROFILE_FILE = '.kafka-lab-profile.json';

/** The lab's own files as they are, to put back if the new broker does not start. */
function snapshot(lab: LabFolder): Map<string, string | undefined> {
  const files = new Map<string, string | undefined>();
  for (const f of [MANIFEST_FILE, PROFILE_FILE, TERMINALS_FILE]) {
    const p = join(lab.dir, f);
    files.set(p, existsSync(p) ? readFileSync(p, 'utf8') : undefined);
  }
  return files;
}

/** Writes the new broker's config and the lab files that list the brokers. */
export function writeNewBroker(lab: LabFolder, b: NewBroker): void {
  const configPath = join(lab.dir, b.node.configFile);
  if (existsSync(configPath))
    throw new KafkaLabError(`${configPath} already exists`, {
      kind: 'already-exists',
      hint: `It is not in ${MANIFEST_FILE}; move it away, or regenerate the lab.`,
    });
  writeFileSync(configPath, formatProperties(b.config, b.header), { mode: lab.manifest.security && lab.manifest.security !== 'plaintext' ? 0o600 : 0o644 });
  writeFileSync(join(lab.dir, MANIFEST_FILE), `${JSON.stringify(b.manifest, null, 2)}\n`);
  const profilePath = join(lab.dir, PROFILE_FILE);
  if (existsSync(profilePath)) {
    const profile = JSON.parse(readFileSync(profilePath, 'utf8')) as { bootstrapServers?: string };
    if (profile.bootstrapServers === lab.manifest.bootstrapServers) profile.bootstrapServers = b.manifest.bootstrapServers;
    writeFileSync(profilePath, `${JSON.stringify(profile, null, 2)}\n`);
  }
  writeFileSync(join(lab.dir, TERMINALS_FILE), terminalsText(b.manifest));
}

/** A broker joins a running cluster: refuse at once (not after the registration wait) when none answers. */
async function assertLabRunning(lab: LabFolder): Promise<void> {
  const { openClient } = await import('../client/connection.js');
  try {
    const client = await openClient({ bootstrapServer: lab.manifest.bootstrapServers, commandConfig: labAdminConfig(lab), timeout: 5000 });
    // the client connects on its first request
    await client.metadata([]).finally(() => client.close());
  } catch {
    throw new KafkaLabError(`the lab in ${lab.dir} is not running: no broker answers at ${lab.manifest.bootstrapServers}`, {
      kind: 'connection',
      hint: `Start it first: kafka-lab cluster up --dir ${lab.dir}`,
    });
  }
}

export interface AddBrokerOptions {
  port?: number;
  onProgress?: (text: string) => void;
  readyTimeoutMs?: number;
}

export async function addBroker(dirArg: string | undefined, o: AddBrokerOptions = {}) {
  const lab = readLab(dirArg);
  const first = lab.manifest.nodes[0];
  if (!first) throw new KafkaLabError(`the lab in ${lab.dir} has no broker to copy`, { kind: 'invalid-config' });
  const template = readPropertiesFile(join(lab.dir, first.configFile), 'broker config file').toMap();
  const b = planNewBroker(lab.manifest, template, { port: o.port });
  await assertLabRunning(lab);
  if (!(await portIsFree(b.node.port, b.node.host)))
    throw new KafkaLabError(`port ${b.node.port} for broker ${b.node.id} is already in use`, {
      kind: 'process',
      hint: `Another program listens there (ss -ltnp | grep :${b.node.port}); choose another with --port.`,
    });
  const { loadLab } = await import('./lab.js');
  const { startLab } = await import('./up.js');
  const before = snapshot(lab);
  o.onProgress?.(`writing ${b.node.configFile}`);
  writeNewBroker(lab, b);
  try {
    if (b.keystore) {
      const { issueBrokerKeystore } = await import('./tls.js');
      issueBrokerKeystore(join(lab.dir, SECRETS_DIR), b.node.id, b.keystore.keyPassword);
    }
    const rows = await startLab(loadLab(dirArg), { only: [b.node.id], onProgress: o.onProgress, readyTimeoutMs: o.readyTimeoutMs });
    return { broker: b, rows, lab: { dir: lab.dir, manifest: b.manifest } };
  } catch (err) {
    // the lab as it was: its files back, the new broker's config and data gone (its log stays)
    for (const [path, text] of before) {
      if (text === undefined) rmSync(path, { force: true });
      else writeFileSync(path, text);
    }
    rmSync(join(lab.dir, b.node.configFile), { force: true });
    rmSync(b.node.logDir, { recursive: true, force: true });
    if (b.keystore) rmSync(b.keystore.path, { force: true });
    throw err;
  }
}
