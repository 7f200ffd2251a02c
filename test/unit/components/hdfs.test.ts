/**
 * HDFS's pure parts (site files, JVM arguments, FsShell's ls format, the command plan) and the
 * WebHDFS client against a stand-in NameNode/DataNode on loopback (no JVM).
 */
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hdfsPlan, putDestination } from '../../../src/commands/hdfs.js';
import { coreSite, DEFAULT_HDFS_PORTS, duplicatePorts, hdfsLayout, hdfsSite } from '../../../src/components/hdfs/config.js';
import { resolvePorts } from '../../../src/components/hdfs/server.js';
import {
  createFile,
  encodeHdfsPath,
  type FileStatus,
  formatDate,
  formatLs,
  listStatus,
  permissionString,
  readFile,
  remoteMessage,
  webHdfsUrl,
} from '../../../src/components/hdfs/webhdfs.js';
import { componentDir } from '../../../src/components/records.js';
import { isValidHadoopVersion, WEBAPP_FOLDERS } from '../../../src/engine/hadoop/install.js';
import { hadoopJvmArgs } from '../../../src/engine/hadoop/jvm.js';

const ports = { rpc: 18020, http: 19870, datanode: 19866, datanodeHttp: 19864, datanodeIpc: 19867 };
const layout = hdfsLayout('/labs/a/hdfs');
const props = (xml: string) => new Map([...xml.matchAll(/<name>([^<]+)<\/name><value>([^<]*)<\/value>/g)].map((m) => [m[1]!, m[2]!]));

describe('core-site.xml and hdfs-site.xml', () => {
  it('fs.defaultFS on the NameNode RPC port', () => {
    expect(props(coreSite('127.0.0.1', ports, layout)).get('fs.defaultFS')).toBe('hdfs://127.0.0.1:18020');
  });

  it('every server port on loopback, storage in the folder, one replica', () => {
    const p = props(hdfsSite('127.0.0.1', ports, layout));
    expect(p.get('dfs.namenode.rpc-address')).toBe('127.0.0.1:18020');
    expect(p.get('dfs.namenode.http-address')).toBe('127.0.0.1:19870');
    expect(p.get('dfs.datanode.address')).toBe('127.0.0.1:19866');
    expect(p.get('dfs.datanode.http.address')).toBe('127.0.0.1:19864');
    expect(p.get('dfs.datanode.ipc.address')).toBe('127.0.0.1:19867');
    // WebHDFS redirects name the DataNode by this: loopback, never the machine's hostname
    expect(p.get('dfs.datanode.hostname')).toBe('127.0.0.1');
    expect(p.get('dfs.namenode.name.dir')).toBe('file:///labs/a/hdfs/name');
    expect(p.get('dfs.datanode.data.dir')).toBe('file:///labs/a/hdfs/data');
    expect(p.get('dfs.replication')).toBe('1');
    expect(p.get('dfs.namenode.safemode.extension')).toBe('0');
    expect(componentDir({ role: 'namenode', configFile: '/labs/a/hdfs/conf/hdfs-site.xml' })).toBe('/labs/a/hdfs');
  });

  it("Hadoop's default ports unless told; a port given twice is refused at once", () => {
    expect(resolvePorts(undefined)).toEqual(DEFAULT_HDFS_PORTS);
    expect(resolvePorts({ http: 19999 })).toEqual({ ...DEFAULT_HDFS_PORTS, http: 19999 });
    expect(duplicatePorts({ ...ports, datanodeHttp: 19870 })).toBe('NameNode HTTP and DataNode HTTP both use port 19870');
    expect(() => resolvePorts({ rpc: 9870 })).toThrow('HDFS ports clash: NameNode RPC and NameNode HTTP both use port 9870');
  });
});

describe('the hadoop engine', () => {
  it('JVM arguments: WebHDFS needs java.lang opened; conf first on the classpath, then webapps, then jars', () => {
    const args = hadoopJvmArgs(
      { webRoot: '/e/hadoop-3.4.1', libs: '/e/hadoop-3.4.1/libs' },
      {
        mainClass: 'org.apache.hadoop.hdfs.server.namenode.NameNode',
        args: [],
        conf: '/l/conf',
        logDir: '/l/logs',
        marker: '-Dkafka-lab.hdfs=namenode:/l/conf/hdfs-site.xml',
      },
    );
    expect(args.slice(args.indexOf('--add-opens'), args.indexOf('--add-opens') + 2)).toEqual(['--add-opens', 'java.base/java.lang=ALL-UNNAMED']);
    expect(args[args.indexOf('-cp') + 1]).toBe('/l/conf:/e/hadoop-3.4.1:/e/hadoop-3.4.1/libs/*');
    expect(args).toContain('-Dlog4j.configuration=file:/l/conf/log4j.properties');
    expect(args).toContain('-Dkafka-lab.hdfs=namenode:/l/conf/hdfs-site.xml');
    expect(args.at(-1)).toBe('org.apache.hadoop.hdfs.server.namenode.NameNode');
    expect(args[0]).toBe('-Xmx256m');
  });

  it('versions and the webapps folders the HTTP servers look up', () => {
    expect(isValidHadoopVersion('3.4.1')).toBe(true);
    expect(isValidHadoopVersion('3.4')).toBe(false);
    expect(isValidHadoopVersion('abc')).toBe(false);
    expect([...WEBAPP_FOLDERS]).toEqual(['hdfs', 'datanode', 'static']);
  });
});

const file = (name: string, length: number, extra: Partial<FileStatus> = {}): FileStatus => ({
  pathSuffix: name,
  type: 'FILE',
  length,
  owner: 'root',
  group: 'supergroup',
  permission: '644',
  replication: 1,
  modificationTime: Date.UTC(2026, 10, 25, 20, 59),
  accessTime: 0,
  blockSize: 134217728,
  ...extra,
});

describe("FsShell's ls format", () => {
  it('matches hdfs dfs -ls (lines taken from FsShell 3.4.1 on the same files)', () => {
    const lines = formatLs(
      [file('a.txt', 11), file('b.txt', 5), file('big.bin', 300000)].map((s) => ({ status: s, path: `/lake/${s.pathSuffix}` })),
      'UTC',
    );
    expect(lines).toEqual([
      'Found 3 items',
      '-rw-r--r--   1 root supergroup         11 2026-11-25 20:59 /lake/a.txt',
      '-rw-r--r--   1 root supergroup          5 2026-11-25 20:59 /lake/b.txt',
      '-rw-r--r--   1 root supergroup     300000 2026-11-25 20:59 /lake/big.bin',
    ]);
    const dir = file('lake', 0, { type: 'DIRECTORY', permission: '755', replication: 0 });
    expect(formatLs([{ status: dir, path: '/lake' }], 'UTC')).toEqual(['Found 1 items', 'drwxr-xr-x   - root supergroup          0 2026-11-25 20:59 /lake']);
    expect(formatLs([], 'UTC')).toEqual([]);
  });

  it('permissions and dates', () => {
    expect(permissionString('755')).toBe('rwxr-xr-x');
    expect(permissionString('1777')).toBe('rwxrwxrwt');
    expect(permissionString('640')).toBe('rw-r-----');
    expect(formatDate(Date.UTC(2026, 0, 2, 3, 4), 'UTC')).toBe('2026-01-02 03:04');
  });

  it("FsShell's wording for the usual failures", () => {
    expect(remoteMessage('FileNotFoundException', 'File /nope does not exist.', '/nope')).toBe("`/nope': No such file or directory");
    expect(remoteMessage('FileAlreadyExistsException', 'x', '/a')).toBe("`/a': File exists");
    expect(remoteMessage('SafeModeException', 'Name node is in safe mode.\nmore', '/a')).toBe('SafeModeException: Name node is in safe mode.');
  });
});

describe('hdfs command plan', () => {
  it('server actions and file actions', () => {
    expect(hdfsPlan({ action: 'start', httpPort: 19870 })).toMatchObject({ action: 'start', ports: { http: 19870 }, timeoutMs: 120_000 });
    expect(hdfsPlan({ action: 'ls' })).toMatchObject({ action: 'ls', paths: ['/'] });
    expect(hdfsPlan({ action: 'put', paths: ['a.json', 'b.json', '/lake/'], force: true })).toEqual({
      action: 'put',
      sources: ['a.json', 'b.json'],
      target: '/lake/',
      overwrite: true,
      url: undefined,
    });
    expect(() => hdfsPlan({ action: 'put', paths: ['a.json'] })).toThrow('hdfs put needs a local file and an HDFS destination');
    expect(() => hdfsPlan({ action: 'cat' })).toThrow('hdfs cat needs a path');
    expect(() => hdfsPlan({ action: 'start', paths: ['/x'] })).toThrow('hdfs start takes no path (got /x)');
    expect(() => hdfsPlan({ action: 'start', datanodePort: 0 })).toThrow('--datanode-port must be a whole number from 1 to 65535 (got 0)');
    expect(() => hdfsPlan({ action: 'fsck' })).toThrow("unknown action 'fsck' for 'hdfs'");
  });

  it('put lands in a folder under its own name, else at the path', () => {
    expect(putDestination('/home/u/readings.json', '/lake/', true)).toBe('/lake/readings.json');
    expect(putDestination('readings.json', '/lake/r.json', false)).toBe('/lake/r.json');
    expect(putDestination('/dev/stdin', '/lake', true)).toBe('/lake/stdin');
  });
});

describe('WebHDFS client against a stand-in NameNode and DataNode', () => {
  let server: Server;
  let base: string;
  const files = new Map<string, Buffer>();
  beforeAll(async () => {
    server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', base);
      const path = decodeURIComponent(url.pathname.replace(/^\/(webhdfs|datanode)\/v1/, ''));
      const op = url.searchParams.get('op');
      if (url.pathname.startsWith('/webhdfs/') && op === 'CREATE') {
        if (files.has(path) && url.searchParams.get('overwrite') !== 'true') {
          res.writeHead(403, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ RemoteException: { exception: 'FileAlreadyExistsException', message: `${path} for client 127.0.0.1 already exists` } }));
          return;
        }
        res.writeHead(307, { location: `${base}/datanode/v1${url.pathname.slice('/webhdfs/v1'.length)}?op=CREATE` });
        res.end();
        return;
      }
      if (url.pathname.startsWith('/datanode/') && op === 'CREATE') {
        // like the real DataNode: an informational 100 Continue nobody asked for, then 201
        res.writeContinue();
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          files.set(path, Buffer.concat(chunks));
          res.writeHead(201);
          res.end();
        });
        return;
      }
      if (url.pathname.startsWith('/webhdfs/') && op === 'OPEN') {
        res.writeHead(307, { location: `${base}/datanode/v1${url.pathname.slice('/webhdfs/v1'.length)}?op=OPEN` });
        res.end();
        return;
      }
      if (url.pathname.startsWith('/datanode/') && op === 'OPEN') {
        res.end(files.get(path));
        return;
      }
      if (op === 'LISTSTATUS') {
        if (path !== '/lake') {
          res.writeHead(404, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ RemoteException: { exception: 'FileNotFoundException', message: `File ${path} does not exist.` } }));
          return;
        }
        res.end(JSON.stringify({ FileStatuses: { FileStatus: [...files.keys()].map((k) => file(k.split('/').pop()!, files.get(k)!.length)) } }));
        return;
      }
      res.writeHead(400);
      res.end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(() => server.close());

  it('writes through the redirect (despite the early 100 Continue), reads back, lists', async () => {
    const o = { baseUrl: base, user: 'tester' };
    const data = Buffer.from('{"deviceId":"device-001"}\n');
    await createFile(o, '/lake/a b.json', data);
    expect(files.get('/lake/a b.json')).toEqual(data);
    expect(await readFile(o, '/lake/a b.json')).toEqual(data);
    expect((await listStatus(o, '/lake')).map((s) => s.pathSuffix)).toEqual(['a b.json']);
  });

  it('server errors become one line in FsShell words, with a hint', async () => {
    const o = { baseUrl: base, user: 'tester' };
    await expect(createFile(o, '/lake/a b.json', Buffer.from('x'))).rejects.toMatchObject({
      message: "`/lake/a b.json': File exists",
      hint: 'Add -f to overwrite it.',
    });
    await createFile(o, '/lake/a b.json', Buffer.from('x'), { overwrite: true });
    expect(String(files.get('/lake/a b.json'))).toBe('x');
    await expect(listStatus(o, '/nope')).rejects.toMatchObject({ message: "`/nope': No such file or directory" });
  });

  it('nothing listening: says so, bounded', async () => {
    const s = createServer();
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
    const port = (s.address() as { port: number }).port;
    await new Promise((r) => s.close(r));
    await expect(listStatus({ baseUrl: `http://127.0.0.1:${port}`, user: 'u' }, '/')).rejects.toMatchObject({
      message: `HDFS is not answering at http://127.0.0.1:${port} (ECONNREFUSED)`,
    });
  });

  it('paths are encoded piece by piece', () => {
    expect(encodeHdfsPath('/lake/a b/ü.json')).toBe('/lake/a%20b/%C3%BC.json');
    expect(webHdfsUrl({ baseUrl: 'http://h:1/', user: 'u' }, 'x', 'OPEN')).toBe('http://h:1/webhdfs/v1/x?op=OPEN&user.name=u');
  });
});
