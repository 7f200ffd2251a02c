import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { centralDirectoryNames, findEndOfCentralDirectory, jarClasses } from '../../../src/connect/jar-index.js';
import { catalogue, classMatches, parseCoordinates, providersOf, resolvePluginSpec } from '../../../src/connect/plugin-catalogue.js';
import { findConnectorClass, pluginListing, splitPluginPath } from '../../../src/connect/plugin-install.js';
import { mavenErrorLines, progressFromMavenLine } from '../../../src/engine/maven.js';
import { dialHostFor, parseRestListener, workerFacts } from '../../../src/connect/worker-plan.js';
import { runCli } from '../../helpers/cli.js';

/** A stored (uncompressed) zip with the given entry names, enough for the central-directory reader. */
function zip(names: string[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const n of names) {
    const name = Buffer.from(n);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += 30 + name.length;
  }
  const cd = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(names.length, 8);
  eocd.writeUInt16LE(names.length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, eocd]);
}

describe('jar index', () => {
  it('reads class names from a jar without a JVM', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kafka-lab-jar-'));
    try {
      const jar = join(dir, 'a.jar');
      writeFileSync(jar, zip(['META-INF/MANIFEST.MF', 'org/x/FileStreamSourceConnector.class', 'org/x/Inner$1.class', 'org/x/']));
      expect(jarClasses(jar)).toEqual(['org.x.FileStreamSourceConnector']);
      expect(findConnectorClass('FileStreamSource', [dir], [])).toBe(jar);
      expect(findConnectorClass('org.x.FileStreamSourceConnector', [jar], [])).toBe(jar);
      expect(findConnectorClass('MqttSource', [dir], [])).toBeUndefined();
      writeFileSync(join(dir, 'broken.jar'), 'not a zip');
      expect(jarClasses(join(dir, 'broken.jar'))).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const z = zip(['a/B.class']);
    const eocd = findEndOfCentralDirectory(z)!;
    expect(centralDirectoryNames(z.subarray(eocd.offset, eocd.offset + eocd.size), eocd.count)).toEqual(['a/B.class']);
  });
});

describe('plugin catalogue', () => {
  it('pins verified versions; file and mirror follow the engine', () => {
    const c = catalogue('4.1.2');
    expect(c.map((e) => e.name)).toEqual(['file', 'mirror', 'debezium-postgres', 'debezium-mysql', 'debezium-mariadb', 'iceberg', 'mqtt']);
    expect(c[0]!.source).toEqual({ kind: 'jars', artifacts: ['org.apache.kafka:connect-file:4.1.2'] });
    expect(c.find((e) => e.name === 'debezium-mariadb')!.source).toEqual({
      kind: 'archive',
      artifact: 'io.debezium:debezium-connector-mariadb:3.5.0.Final:tar.gz:plugin',
    });
  });
  it('resolves names and coordinates', () => {
    expect(resolvePluginSpec('io.debezium:debezium-connector-postgres:3.6.1.Final:tar.gz:plugin', '3.9.2')).toMatchObject({
      name: 'debezium-connector-postgres',
      source: { kind: 'archive' },
    });
    expect(resolvePluginSpec('com.acme:sink:1.0', '3.9.2', 'acme')).toMatchObject({
      name: 'acme',
      source: { kind: 'dependencies', artifacts: ['com.acme:sink:1.0'] },
    });
    expect(() => resolvePluginSpec('nosuch', '3.9.2')).toThrow("'nosuch' is neither a known plugin nor Maven coordinates");
    expect(parseCoordinates('a:b')).toBeUndefined();
  });
  it('matches connector.class the way Connect does (full name, simple name, alias)', () => {
    const fq = 'org.apache.kafka.connect.file.FileStreamSinkConnector';
    for (const n of [fq, 'FileStreamSinkConnector', 'FileStreamSink']) expect(classMatches(n, fq)).toBe(true);
    expect(classMatches('FileStream', fq)).toBe(false);
    expect(providersOf('MqttSource', '3.9.2').map((e) => e.name)).toEqual(['mqtt']);
    expect(providersOf('PostgresConnector', '3.9.2').map((e) => e.name)).toEqual(['debezium-postgres']);
  });
  it('lists the catalogue against an empty plugin folder', () => {
    const rows = pluginListing(join(tmpdir(), 'kafka-lab-no-such-plugins'), '3.9.2');
    expect(rows.every((r) => !r.installed)).toBe(true);
  });
  it("reads Maven's output", () => {
    expect(
      progressFromMavenLine(
        'Downloaded from central: https://repo.maven.apache.org/maven2/org/apache/kafka/connect-file/3.9.2/connect-file-3.9.2.jar (18 kB at 1 MB/s)',
      ),
    ).toBe('downloading connect-file-3.9.2.jar');
    expect(
      mavenErrorLines(['[INFO] x', '[ERROR] Failed to execute goal ... -> [Help 1]', '[ERROR] ', '[ERROR] [Help 1] http://x', '[ERROR] Re-run Maven using -X']),
    ).toEqual(['Failed to execute goal ...']);
    expect(splitPluginPath(' /a, /b ,,')).toEqual(['/a', '/b']);
  });
});

describe('worker plan', () => {
  it('reads the REST listener, brokers, plugin path and missing settings', () => {
    const f = workerFacts(new Map([['plugin.path', '/p1,/p2']]), 'distributed');
    expect(f).toMatchObject({
      restHost: '',
      restPort: 8083,
      restUrl: 'http://127.0.0.1:8083',
      bootstrapServers: ['localhost:9092'],
      pluginPath: ['/p1', '/p2'],
    });
    expect(f.missing).toEqual(['group.id', 'config.storage.topic', 'offset.storage.topic', 'status.storage.topic']);
    const s = workerFacts(
      new Map([
        ['listeners', 'http://127.0.0.1:18083'],
        ['bootstrap.servers', 'a:1, b:2'],
        ['offset.storage.file.filename', '/tmp/o'],
      ]),
      'standalone',
    );
    expect(s).toMatchObject({ restPort: 18083, restUrl: 'http://127.0.0.1:18083', bootstrapServers: ['a:1', 'b:2'], missing: [] });
    expect(workerFacts(new Map([['rest.port', '9999']]), 'standalone').restPort).toBe(9999);
    expect(parseRestListener('HTTPS://[::1]:8443')).toEqual({ scheme: 'https', host: '::1', port: 8443 });
    expect(dialHostFor('0.0.0.0')).toBe('127.0.0.1');
  });
  it('config print connect-standalone points plugin.path at the plugin folder', async () => {
    const home = mkdtempSync(join(tmpdir(), 'kafka-lab-home-'));
    try {
      const r = await runCli(['config', 'print', 'connect-standalone'], { env: { KAFKA_LAB_HOME: home } });
      expect(r.exitCode, r.stderr).toBe(0);
      expect(r.stdout).toContain(`\nplugin.path=${join(home, 'plugins')}\n`);
      expect(r.stdout).toContain('\noffset.storage.file.filename=/tmp/connect.offsets\n');
      const d = await runCli(['config', 'print', 'connect-distributed'], { env: { KAFKA_LAB_HOME: home } });
      for (const k of [
        'group.id=connect-cluster',
        'config.storage.topic=connect-configs',
        'offset.storage.topic=connect-offsets',
        'status.storage.topic=connect-status',
      ])
        expect(d.stdout).toContain(`\n${k}\n`);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
