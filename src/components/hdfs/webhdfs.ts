/**
 * A small WebHDFS client (REST over the NameNode's HTTP port): list, stat, read, write, mkdir,
 * delete, without a JVM per call. Reads and writes are redirected by the NameNode to the
 * DataNode holding the block; for writes the redirect is followed by hand, since the data may
 * only be sent to the DataNode.
 */
import { KafkaLabError } from '../../errors.js';

export interface FileStatus {
  pathSuffix: string;
  type: 'FILE' | 'DIRECTORY' | 'SYMLINK';
  length: number;
  owner: string;
  group: string;
  permission: string;
  replication: number;
  modificationTime: number;
  accessTime: number;
  blockSize: number;
  childrenNum?: number;
}

export interface WebHdfsOptions {
  /** http://host:port of the NameNode's HTTP server */
  baseUrl: string;
  /** user.name for simple authentication */
  user: string;
  timeoutMs?: number;
}

/** Encodes an HDFS path for a URL, keeping the slashes. */
export function encodeHdfsPath(path: string): string {
  const abs = path.startsWith('/') ? path : `/${path}`;
  return abs
    .split('/')
    .map((p) => encodeURIComponent(p))
    .join('/');
}

export function webHdfsUrl(o: WebHdfsOptions, path: string, op: string, params: Record<string, string> = {}): string {
  const q = new URLSearchParams({ op, 'user.name': o.user, ...params });
  return `${o.baseUrl.replace(/\/$/, '')}/webhdfs/v1${encodeHdfsPath(path)}?${q.toString()}`;
}

export class HdfsRemoteError extends KafkaLabError {
  constructor(
    readonly exception: string,
    message: string,
    readonly path: string,
  ) {
    super(message, {
      kind: exception === 'FileNotFoundException' ? 'not-found' : exception === 'FileAlreadyExistsException' ? 'already-exists' : 'failed',
      hint: hintFor(exception),
    });
    this.name = 'HdfsRemoteError';
  }
}

function hintFor(exception: string): string {
  if (exception === 'FileNotFoundException') return 'kafka-lab hdfs ls / lists what is there.';
  if (exception === 'FileAlreadyExistsException') return 'Add -f to overwrite it.';
  if (exception === 'SafeModeException') return 'HDFS is still in safemode (waiting for its DataNode); kafka-lab hdfs status tells when it is ready.';
  return 'The NameNode log (kafka-lab hdfs status shows where it is) has the details.';
}

/** FsShell's wording for the usual failures, else the server's message. */
export function remoteMessage(exception: string, message: string, path: string): string {
  if (exception === 'FileNotFoundException') return `\`${path}': No such file or directory`;
  if (exception === 'FileAlreadyExistsException') return `\`${path}': File exists`;
  return `${exception}: ${message.split('\n')[0]}`;
}

async function request(o: WebHdfsOptions, url: string, init: RequestInit, path: string): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, signal: AbortSignal.timeout(o.timeoutMs ?? 30_000) });
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).name;
    throw new KafkaLabError(`HDFS is not answering at ${o.baseUrl} (${cause === 'TimeoutError' ? 'timed out' : cause})`, {
      kind: cause === 'TimeoutError' ? 'timeout' : 'connection',
      hint: 'Is it running? kafka-lab hdfs status tells; kafka-lab hdfs start starts it.',
    });
  }
  if (res.status >= 400) {
    const text = await res.text();
    let exception = `HTTP ${res.status}`;
    let message = text.slice(0, 200);
    try {
      const body = JSON.parse(text) as { RemoteException?: { exception: string; message: string } };
      if (body.RemoteException) ({ exception, message } = body.RemoteException);
    } catch {
      /* not JSON */
    }
    throw new HdfsRemoteError(exception, remoteMessage(exception, message, path), path);
  }
  return res;
}

export async function listStatus(o: WebHdfsOptions, path: string): Promise<FileStatus[]> {
  const res = await request(o, webHdfsUrl(o, path, 'LISTSTATUS'), {}, path);
  const body = (await res.json()) as { FileStatuses: { FileStatus: FileStatus[] } };
  return body.FileStatuses.FileStatus;
}

export async function getFileStatus(o: WebHdfsOptions, path: string): Promise<FileStatus> {
  const res = await request(o, webHdfsUrl(o, path, 'GETFILESTATUS'), {}, path);
  return ((await res.json()) as { FileStatus: FileStatus }).FileStatus;
}

/** The file's bytes as a web stream (the redirect to the DataNode is followed by fetch). */
export async function openStream(o: WebHdfsOptions, path: string): Promise<ReadableStream<Uint8Array>> {
  const res = await request(o, webHdfsUrl(o, path, 'OPEN'), { redirect: 'follow' }, path);
  if (!res.body)
    throw new KafkaLabError(`HDFS sent no data for ${path}`, { kind: 'failed', hint: 'Try again; kafka-lab hdfs status shows whether the DataNode is live.' });
  return res.body;
}

export async function readFile(o: WebHdfsOptions, path: string): Promise<Buffer> {
  const res = await request(o, webHdfsUrl(o, path, 'OPEN'), { redirect: 'follow' }, path);
  return Buffer.from(await res.arrayBuffer());
}

/** Writes a file in two steps: the NameNode names a DataNode, the data goes there. */
export async function createFile(o: WebHdfsOptions, path: string, data: Buffer | Uint8Array, opts: { overwrite?: boolean } = {}): Promise<void> {
  const first = await request(o, webHdfsUrl(o, path, 'CREATE', { overwrite: String(Boolean(opts.overwrite)) }), { method: 'PUT', redirect: 'manual' }, path);
  const location = first.headers.get('location');
  await first.body?.cancel();
  if (!location) throw new KafkaLabError(`the NameNode gave no DataNode to write ${path} to (HTTP ${first.status})`, { kind: 'failed', hint: hintFor('') });
  await putToDataNode(o, location, data, path);
}

/**
 * The DataNode answers a PUT with an unasked-for "100 Continue" before its final status, which
 * fetch (undici) rejects as a bad response; node:http skips informational responses.
 */
async function putToDataNode(o: WebHdfsOptions, url: string, data: Buffer | Uint8Array, path: string): Promise<void> {
  const { request: httpRequest } = await import('node:http');
  const { status, body } = await new Promise<{ status: number; body: string }>((resolvePromise, reject) => {
    const req = httpRequest(url, { method: 'PUT', headers: { 'content-type': 'application/octet-stream', 'content-length': data.byteLength } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolvePromise({ status: res.statusCode ?? 0, body: text }));
    });
    req.setTimeout(o.timeoutMs ?? 30_000, () => req.destroy(Object.assign(new Error('timed out'), { code: 'timed out' })));
    req.on('error', (err: NodeJS.ErrnoException) =>
      reject(
        new KafkaLabError(`the HDFS DataNode is not answering at ${new URL(url).host} (${err.code ?? err.message})`, {
          kind: 'connection',
          hint: 'kafka-lab hdfs status shows whether the DataNode is live.',
        }),
      ),
    );
    req.end(data);
  });
  if (status >= 400) {
    let exception = `HTTP ${status}`;
    let message = body.slice(0, 200);
    try {
      const parsed = JSON.parse(body) as { RemoteException?: { exception: string; message: string } };
      if (parsed.RemoteException) ({ exception, message } = parsed.RemoteException);
    } catch {
      /* not JSON */
    }
    throw new HdfsRemoteError(exception, remoteMessage(exception, message, path), path);
  }
}

export async function mkdirs(o: WebHdfsOptions, path: string): Promise<boolean> {
  const res = await request(o, webHdfsUrl(o, path, 'MKDIRS'), { method: 'PUT' }, path);
  return ((await res.json()) as { boolean: boolean }).boolean;
}

export async function deletePath(o: WebHdfsOptions, path: string, recursive = false): Promise<boolean> {
  const res = await request(o, webHdfsUrl(o, path, 'DELETE', { recursive: String(recursive) }), { method: 'DELETE' }, path);
  return ((await res.json()) as { boolean: boolean }).boolean;
}

/** The NameNode's view of itself (from its JMX servlet): safemode, live DataNodes, version. */
export interface NameNodeState {
  safemode: boolean;
  liveDataNodes: number;
  version: string;
  capacityBytes: number;
  usedBytes: number;
  files: number;
}

export async function nameNodeState(baseUrl: string, timeoutMs = 3000): Promise<NameNodeState> {
  const q = async (bean: string) => {
    const res = await fetch(`${baseUrl}/jmx?qry=${encodeURIComponent(bean)}`, { signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const beans = ((await res.json()) as { beans: Record<string, unknown>[] }).beans;
    if (!beans[0]) throw new Error(`no bean ${bean}`);
    return beans[0];
  };
  const info = await q('Hadoop:service=NameNode,name=NameNodeInfo');
  const state = await q('Hadoop:service=NameNode,name=FSNamesystemState');
  return {
    safemode: String(info.Safemode ?? '') !== '',
    liveDataNodes: Number(state.NumLiveDataNodes ?? 0),
    version: String(info.Version ?? '').split(',')[0] ?? '',
    capacityBytes: Number(state.CapacityTotal ?? 0),
    usedBytes: Number(state.CapacityUsed ?? 0),
    files: Number(state.FilesTotal ?? 0),
  };
}

/** `hdfs dfs -ls` lines (FsShell's Ls format) for a listing. */
export function formatLs(items: { status: FileStatus; path: string }[], timeZone?: string): string[] {
  if (items.length === 0) return [];
  const repl = (s: FileStatus) => (s.type === 'DIRECTORY' ? '-' : String(s.replication));
  const wRepl = Math.max(...items.map((i) => repl(i.status).length));
  const wOwner = Math.max(...items.map((i) => i.status.owner.length));
  const wGroup = Math.max(...items.map((i) => i.status.group.length));
  // FsShell pads sizes to at least 10 characters
  const wLen = Math.max(10, ...items.map((i) => String(i.status.length).length));
  const lines = [`Found ${items.length} items`];
  for (const { status: s, path } of items) {
    const perm = `${s.type === 'DIRECTORY' ? 'd' : '-'}${permissionString(s.permission)}`;
    lines.push(
      `${perm}   ${repl(s).padStart(wRepl)} ${s.owner.padEnd(wOwner)} ${s.group.padEnd(wGroup)} ${String(s.length).padStart(wLen)} ${formatDate(s.modificationTime, timeZone)} ${path}`,
    );
  }
  return lines;
}

/** "755" → "rwxr-xr-x" (sticky bit as t/T like FsPermission). */
export function permissionString(octal: string): string {
  const n = Number.parseInt(octal, 8);
  const bits = ['r', 'w', 'x'];
  let s = '';
  for (let i = 8; i >= 0; i--) s += n & (1 << i) ? bits[(8 - i) % 3] : '-';
  if (n & 0o1000) s = s.slice(0, 8) + (s[8] === 'x' ? 't' : 'T');
  return s;
}

/** yyyy-MM-dd HH:mm in the local time zone, like FsShell. */
export function formatDate(ms: number, timeZone?: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(ms));
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}
