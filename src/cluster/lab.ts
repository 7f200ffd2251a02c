/**
 * A lab folder on disk: cluster.json (what cluster-scaffold generated) plus the config files
 * it names. Everything that runs a lab (up, down, status, demo) reads it through here.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { KafkaLabError, UsageError } from '../errors.js';
import { hints } from '../hints.js';
import { readPropertiesFile } from '../config/properties.js';
import { interpretServerConfig, interpretZooKeeperConfig, type ServerConfig, type ZooKeeperConfig } from '../config/server-config.js';
import { findConfigClashes, formatClash, clashHint } from './validate.js';
import { MANIFEST_FILE, type LabManifest, type LabNode } from './scaffold.js';

export interface LabFolder {
  dir: string;
  manifest: LabManifest;
}

export interface LoadedLab extends LabFolder {
  zookeeper?: { path: string; config: ZooKeeperConfig };
  brokers: { node: LabNode; path: string; config: ServerConfig }[];
}

export function readLab(dirArg?: string): LabFolder {
  const dir = resolve(dirArg ?? '.');
  const path = join(dir, MANIFEST_FILE);
  if (!existsSync(path)) {
    throw new KafkaLabError(`no lab in ${dir} (${MANIFEST_FILE} not found)`, {
      kind: 'not-found',
      hint: dirArg
        ? `Create one with: kafka-lab cluster-scaffold --brokers 3 --dir ${dirArg}`
        : 'Pass --dir LAB_FOLDER, or create a lab with: kafka-lab cluster-scaffold --brokers 3 --dir lab',
    });
  }
  let manifest: LabManifest;
  try {
    manifest = JSON.parse(readFileSync(path, 'utf8')) as LabManifest;
  } catch (err) {
    throw new KafkaLabError(`${path} is not valid JSON: ${(err as Error).message}`, { kind: 'invalid-config', hint: hints.regenerateLab });
  }
  if (manifest.kind !== 'kafka-lab-cluster' || !Array.isArray(manifest.nodes)) {
    throw new KafkaLabError(`${path} is not a kafka-lab cluster file`, { kind: 'invalid-config', hint: hints.regenerateLab });
  }
  return { dir, manifest };
}

/** Reads every config file of the lab and refuses clashing ones before anything starts. */
export function loadLab(dirArg?: string): LoadedLab {
  const lab = readLab(dirArg);
  const files: { path: string; props: Map<string, string>; role: 'zookeeper' | 'broker' }[] = [];
  let zookeeper: LoadedLab['zookeeper'];
  if (lab.manifest.mode === 'zookeeper' && lab.manifest.zookeeper) {
    const path = join(lab.dir, lab.manifest.zookeeper.configFile);
    const props = readPropertiesFile(path, 'ZooKeeper config file').toMap();
    zookeeper = { path, config: interpretZooKeeperConfig(props, path) };
    files.push({ path, props, role: 'zookeeper' });
  }
  const brokers = lab.manifest.nodes.map((node) => {
    const path = join(lab.dir, node.configFile);
    const props = readPropertiesFile(path, 'broker config file').toMap();
    files.push({ path, props, role: 'broker' });
    return { node, path, config: interpretServerConfig(props, path) };
  });
  const clashes = findConfigClashes(files);
  if (clashes.length > 0) {
    throw new KafkaLabError(formatClash(clashes[0]!), {
      kind: 'invalid-config',
      hint: clashHint(clashes[0]!),
      details: clashes.slice(1).map(formatClash),
    });
  }
  return { ...lab, zookeeper, brokers };
}

export function nodeById(lab: LabFolder, id: number): LabNode {
  const node = lab.manifest.nodes.find((n) => n.id === id);
  if (!node) {
    throw new UsageError(`the lab in ${lab.dir} has no broker ${id}`, `Its brokers: ${lab.manifest.nodes.map((n) => n.id).join(', ')}`);
  }
  return node;
}

/**
 * The client properties file the lab's own machinery connects with (secured labs), absolute:
 * admin's, a super user under the lab's authorizer; labs made before there was one have only
 * client.properties.
 */
export function labAdminConfig(lab: LabFolder): string | undefined {
  const file = lab.manifest.adminConfig ?? lab.manifest.clientConfig;
  return file ? join(lab.dir, file) : undefined;
}
