import { readFile } from 'node:fs/promises';
import * as hdfs from '../components/hdfs/server.js';
import * as web from '../components/hdfs/webhdfs.js';
import { currentUserName } from '../components/server-user.js';
import { KafkaLabError, UsageError } from '../errors.js';
import { OUTPUT_FORMATS, currentIo, info, out, present, spinner, type OutputFormat } from '../output/output.js';
import { defineCommand } from './types.js';

export const HDFS_ACTIONS = ['format', 'start', 'stop', 'status', 'ls', 'cat', 'put', 'mkdir'] as const;
/** Words shell completion offers for the action. */
export const completions = { action: HDFS_ACTIONS };
export type HdfsAction = (typeof HDFS_ACTIONS)[number];

export interface HdfsArgs {
  action?: string;
  paths?: string[];
  dir?: string;
  rpcPort?: number;
  httpPort?: number;
  datanodePort?: number;
  datanodeHttpPort?: number;
  datanodeIpcPort?: number;
  engine?: string;
  heap?: string;
  timeout?: number;
  force?: boolean;
  url?: string;
  output?: string;
}

interface ServerPlan {
  dir?: string;
  ports: Record<string, number | undefined>;
  engine?: string;
  heap?: string;
  timeoutMs: number;
  force: boolean;
}

export type HdfsPlan =
  | ({ action: 'format' } & ServerPlan)
  | ({ action: 'start' } & ServerPlan)
  | { action: 'stop'; dir?: string }
  | { action: 'status'; output: OutputFormat }
  | { action: 'ls'; paths: string[]; url?: string; output: OutputFormat }
  | { action: 'cat'; paths: string[]; url?: string }
  | { action: 'put'; sources: string[]; target: string; overwrite: boolean; url?: string }
  | { action: 'mkdir'; paths: string[]; url?: string };

const PORT_FLAGS = ['rpcPort', 'httpPort', 'datanodePort', 'datanodeHttpPort', 'datanodeIpcPort'] as const;
const kebab = (s: string) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** The hdfs command line as a plan (pure). */
export function hdfsPlan(a: HdfsArgs): HdfsPlan {
  if (!a.action) throw new UsageError(`hdfs needs an action: ${HDFS_ACTIONS.join(', ')}`, 'Example: kafka-lab hdfs start, then kafka-lab hdfs ls /');
  const action = a.action as HdfsAction;
  const paths = (a.paths ?? []).map(String);
  for (const f of PORT_FLAGS) {
    const v = a[f];
    if (v !== undefined && (!Number.isInteger(v) || v < 1 || v > 65535))
      throw new UsageError(`--${kebab(f)} must be a whole number from 1 to 65535 (got ${v})`, `Example: --${kebab(f)} 9870`);
  }
  const server = action === 'format' || action === 'start' || action === 'stop' || action === 'status';
  if (server && paths.length > 0)
    throw new UsageError(`hdfs ${action} takes no path (got ${paths[0]})`, 'Paths go with ls, cat, put and mkdir: kafka-lab hdfs ls /lake');
  switch (action) {
    case 'format':
    case 'start':
      return {
        ...(action === 'format' ? { action: 'format' as const } : { action: 'start' as const }),
        dir: a.dir,
        ports: { rpc: a.rpcPort, http: a.httpPort, datanode: a.datanodePort, datanodeHttp: a.datanodeHttpPort, datanodeIpc: a.datanodeIpcPort },
        engine: a.engine,
        heap: a.heap,
        timeoutMs: a.timeout ?? 120_000,
        force: Boolean(a.force),
      };
    case 'stop':
      return { action, dir: a.dir };
    case 'status':
      return { action, output: (a.output as OutputFormat | undefined) ?? 'text' };
    case 'ls':
      return { action, paths: paths.length > 0 ? paths : ['/'], url: a.url, output: (a.output as OutputFormat | undefined) ?? 'text' };
    case 'cat':
    case 'mkdir':
      if (paths.length === 0)
        throw new UsageError(`hdfs ${action} needs a path`, `Example: kafka-lab hdfs ${action} /lake${action === 'cat' ? '/file.txt' : ''}`);
      return { action, paths, url: a.url };
    case 'put':
      if (paths.length < 2)
        throw new UsageError(
          'hdfs put needs a local file and an HDFS destination',
          'Example: kafka-lab hdfs put readings.json /lake/ (/dev/stdin reads standard input)',
        );
      return { action, sources: paths.slice(0, -1), target: paths[paths.length - 1]!, overwrite: Boolean(a.force), url: a.url };
    default:
      throw new UsageError(`unknown action '${a.action}' for 'hdfs'`, `Actions: ${HDFS_ACTIONS.join(', ')}`);
  }
}

/** Where a put of `source` lands: into the target folder under its own name, or at the target path. */
export function putDestination(source: string, target: string, targetIsDir: boolean): string {
  if (!targetIsDir) return target;
  const name = source.split('/').filter(Boolean).pop() ?? source;
  return `${target.replace(/\/+$/, '')}/${name}`;
}

export default defineCommand({
  command: 'hdfs [action] [paths..]',
  describe: 'A single-node HDFS (NameNode + DataNode from the hadoop engine): format, start, stop, status; ls, cat, put, mkdir through WebHDFS',
  builder: (y) =>
    y
      .positional('action', { type: 'string', describe: HDFS_ACTIONS.join(' | ') })
      .positional('paths', { type: 'string', array: true, describe: 'HDFS paths (put: local files, then the HDFS destination)' })
      .option('dir', { type: 'string', describe: 'its folder (conf, name, data, logs); default ~/.kafka-lab/hdfs' })
      .option('rpc-port', { type: 'number', describe: 'NameNode RPC port: hdfs://127.0.0.1:PORT (default 8020)' })
      .option('http-port', { type: 'number', describe: 'NameNode HTTP port: web UI and WebHDFS (default 9870)' })
      .option('datanode-port', { type: 'number', describe: 'DataNode transfer port (default 9866)' })
      .option('datanode-http-port', { type: 'number', describe: 'DataNode HTTP port (default 9864)' })
      .option('datanode-ipc-port', { type: 'number', describe: 'DataNode IPC port (default 9867)' })
      .option('engine', { type: 'string', describe: 'hadoop engine version (default: 3.4.1 when installed)' })
      .option('heap', { type: 'string', describe: 'heap of each JVM (default 256m)' })
      .option('timeout', { type: 'number', describe: 'start: give up when not ready after this many ms (default 120000)' })
      .option('force', { alias: 'f', type: 'boolean', describe: 'format: erase a formatted HDFS; put: overwrite' })
      .option('url', { type: 'string', describe: 'ls/cat/put/mkdir: WebHDFS base URL (default: the HDFS kafka-lab runs, else http://127.0.0.1:9870)' })
      .option('output', { alias: 'o', choices: OUTPUT_FORMATS, describe: 'status, ls: text, table or json' })
      .example('kafka-lab engine install --hadoop', 'first: the hadoop engine from Maven Central')
      .example('kafka-lab hdfs start', 'NameNode + DataNode on 127.0.0.1 (formatted on first start)')
      .example('kafka-lab hdfs put readings.json /lake/', 'a local file into HDFS')
      .example('kafka-lab hdfs ls /lake', 'like hdfs dfs -ls, without a JVM')
      .example('kafka-lab hdfs cat /lake/readings.json', 'a file to standard output'),
  handler: async (argv) => {
    const plan = hdfsPlan(argv);
    if (plan.action === 'format' || plan.action === 'start') {
      const ports = Object.fromEntries(Object.entries(plan.ports).filter(([, v]) => v !== undefined));
      const spin = await spinner(plan.action === 'format' ? 'formatting HDFS' : 'starting HDFS');
      try {
        if (plan.action === 'format') {
          const r = await hdfs.formatHdfs({ dir: plan.dir, ports, version: plan.engine, force: plan.force, onProgress: (t) => spin.update(t) });
          spin.stop();
          out(`HDFS formatted in ${plan.dir ?? hdfs.defaultHdfsDir()}${r.clusterId ? ` (cluster id ${r.clusterId})` : ''}`);
          return;
        }
        const r = await hdfs.startHdfs({
          dir: plan.dir,
          ports,
          version: plan.engine,
          heap: plan.heap,
          readyTimeoutMs: plan.timeoutMs,
          onProgress: (t) => spin.update(t),
        });
        spin.stop();
        if (r.formatted) info(`formatted a new HDFS in ${r.dir}`);
        out(`HDFS ${r.started ? 'started' : 'is already running'}: ${r.fsUri} (web UI and WebHDFS ${r.webUrl})`);
        out(`  NameNode pid ${r.namenode.pid}, log ${r.namenode.logFile}`);
        out(`  DataNode pid ${r.datanode.pid}, log ${r.datanode.logFile}`);
      } catch (err) {
        spin.fail();
        throw err;
      }
      return;
    }
    if (plan.action === 'stop') {
      const results = await hdfs.stopHdfs({ dir: plan.dir });
      if (results.length === 0) {
        throw new KafkaLabError('no HDFS started by kafka-lab is running', {
          kind: 'not-found',
          hint: 'kafka-lab hdfs status lists what runs; kafka-lab only stops servers it started.',
        });
      }
      for (const s of results) {
        const what = `HDFS ${s.record.role === 'namenode' ? 'NameNode' : 'DataNode'} (pid ${s.record.pid})`;
        out(s.outcome === 'killed' ? `${what} killed after ${(s.ms / 1000).toFixed(1)} s` : `${what} stopped in ${(s.ms / 1000).toFixed(1)} s`);
      }
      return;
    }
    if (plan.action === 'status') {
      const list = await hdfs.hdfsStatus();
      present(plan.output, {
        text: () =>
          list.length === 0
            ? 'No HDFS started by kafka-lab is running. Start one with: kafka-lab hdfs start'
            : list
                .map((s) =>
                  [
                    `HDFS ${s.fsUri ?? '(no NameNode)'}: ${s.state ? (s.state.safemode ? 'in safemode' : 'ready') : 'NameNode not answering'}${s.state ? `, ${s.state.liveDataNodes} live DataNode${s.state.liveDataNodes === 1 ? '' : 's'}, ${s.state.files} files and folders, Hadoop ${s.state.version}` : ''}`,
                    `  NameNode: ${s.namenode ? `pid ${s.namenode.pid}, log ${s.namenode.logFile}` : 'not running'}`,
                    `  DataNode: ${s.datanode ? `pid ${s.datanode.pid}, log ${s.datanode.logFile}` : 'not running'}`,
                    `  web UI and WebHDFS: ${s.webUrl ?? '?'}`,
                    `  folder: ${s.dir}`,
                  ].join('\n'),
                )
                .join('\n'),
        table: () => ({
          head: ['fs', 'state', 'namenode pid', 'datanode pid', 'live datanodes', 'web', 'folder'],
          rows: list.map((s) => [
            s.fsUri,
            s.state ? (s.state.safemode ? 'safemode' : 'ready') : 'not answering',
            s.namenode?.pid,
            s.datanode?.pid,
            s.state?.liveDataNodes,
            s.webUrl,
            s.dir,
          ]),
        }),
        json: () => list,
      });
      return;
    }

    await fileCommand(plan);
  },
});

type FilePlan = Extract<HdfsPlan, { action: 'ls' | 'cat' | 'put' | 'mkdir' }>;

/** ls, cat, put, mkdir: WebHDFS of the running HDFS (or --url), no JVM. */
async function fileCommand(plan: FilePlan): Promise<void> {
  const running = (await hdfs.hdfsStatus()).find((s) => s.webUrl);
  const o = { baseUrl: plan.url ?? running?.webUrl ?? 'http://127.0.0.1:9870', user: currentUserName() };
  if (plan.action === 'ls') {
    const listings: { path: string; items: { status: web.FileStatus; path: string }[] }[] = [];
    for (const p of plan.paths) {
      const statuses = await web.listStatus(o, p);
      // LISTSTATUS of a file answers the file itself, with an empty name
      const isFile = statuses.length === 1 && statuses[0]!.pathSuffix === '';
      listings.push({ path: p, items: statuses.map((s) => ({ status: s, path: isFile ? p : `${p.replace(/\/+$/, '')}/${s.pathSuffix}` })) });
    }
    present(plan.output, {
      text: () =>
        listings
          .flatMap((l) => {
            const lines = web.formatLs(l.items);
            return l.items.length === 1 && l.items[0]!.status.pathSuffix === '' ? lines.slice(1) : lines;
          })
          .join('\n'),
      table: () => ({
        head: ['type', 'permission', 'owner', 'group', 'size', 'modified', 'path'],
        rows: listings.flatMap((l) =>
          l.items.map((i) => [
            i.status.type === 'DIRECTORY' ? 'dir' : 'file',
            i.status.permission,
            i.status.owner,
            i.status.group,
            i.status.length,
            web.formatDate(i.status.modificationTime),
            i.path,
          ]),
        ),
      }),
      json: () => listings.flatMap((l) => l.items.map((i) => ({ path: i.path, ...i.status }))),
    });
    return;
  }
  if (plan.action === 'cat') {
    for (const p of plan.paths) {
      const stream = await web.openStream(o, p);
      for await (const chunk of stream) {
        const stdout = currentIo().stdout;
        if (!stdout.write(chunk)) await new Promise((r) => stdout.once('drain', r));
      }
    }
    return;
  }
  if (plan.action === 'mkdir') {
    for (const p of plan.paths) await web.mkdirs(o, p);
    return;
  }
  // put
  let targetIsDir = false;
  try {
    targetIsDir = (await web.getFileStatus(o, plan.target)).type === 'DIRECTORY';
  } catch (err) {
    if (!(err instanceof web.HdfsRemoteError && err.exception === 'FileNotFoundException')) throw err;
    if (plan.target.endsWith('/') || plan.sources.length > 1) {
      await web.mkdirs(o, plan.target);
      targetIsDir = true;
    }
  }
  for (const src of plan.sources) {
    let data: Buffer;
    try {
      // standard input may be a socket, which /dev/stdin cannot be opened on: read the stream
      data = src === '/dev/stdin' ? await readAll(currentIo().stdin) : await readFile(src);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new KafkaLabError(code === 'ENOENT' ? `\`${src}': No such file or directory` : `cannot read ${src}: ${code}`, {
        kind: code === 'ENOENT' ? 'not-found' : 'failed',
        hint: 'Check the local path; relative paths are resolved from the current directory.',
      });
    }
    await web.createFile(o, putDestination(src, plan.target, targetIsDir), data, { overwrite: plan.overwrite });
  }
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c));
  return Buffer.concat(chunks);
}
