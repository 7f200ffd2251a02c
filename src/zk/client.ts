/**
 * A minimal ZooKeeper client over its jute wire protocol on node:net: connect (session
 * handshake), getChildren2, getData, exists, ping-free short sessions, close. Read-only on
 * purpose: a lab shell is for watching /brokers and /controller change, not for editing them.
 */
import { connect, type Socket } from 'node:net';

export interface ZkStat {
  czxid: bigint;
  mzxid: bigint;
  ctime: number;
  mtime: number;
  version: number;
  cversion: number;
  aversion: number;
  ephemeralOwner: bigint;
  dataLength: number;
  numChildren: number;
  pzxid: bigint;
}

/** ZooKeeper error codes we name (KeeperException.Code). */
const ZK_ERRORS: Record<number, string> = {
  [-101]: 'NoNode',
  [-102]: 'NoAuth',
  [-103]: 'BadVersion',
  [-110]: 'NodeExists',
  [-111]: 'NotEmpty',
  [-112]: 'SessionExpired',
  [-4]: 'ConnectionLoss',
  [-8]: 'BadArguments',
};

export class ZkError extends Error {
  constructor(
    readonly code: number,
    readonly path: string,
  ) {
    super(code === -101 ? `Node does not exist: ${path}` : `KeeperErrorCode = ${ZK_ERRORS[code] ?? code} for ${path}`);
    this.name = 'ZkError';
  }
}

export class ZkConnectionError extends Error {}

const OP = { exists: 3, getData: 4, getChildren2: 12, ping: 11, closeSession: -11 } as const;

class Writer {
  private parts: Buffer[] = [];
  int(v: number): this {
    const b = Buffer.alloc(4);
    b.writeInt32BE(v);
    this.parts.push(b);
    return this;
  }
  long(v: bigint): this {
    const b = Buffer.alloc(8);
    b.writeBigInt64BE(v);
    this.parts.push(b);
    return this;
  }
  bool(v: boolean): this {
    this.parts.push(Buffer.from([v ? 1 : 0]));
    return this;
  }
  buffer(v: Buffer): this {
    this.int(v.length);
    this.parts.push(v);
    return this;
  }
  string(s: string): this {
    return this.buffer(Buffer.from(s, 'utf8'));
  }
  /** the frame: int32 length, then the fields */
  frame(): Buffer {
    const body = Buffer.concat(this.parts);
    const len = Buffer.alloc(4);
    len.writeInt32BE(body.length);
    return Buffer.concat([len, body]);
  }
}

class Reader {
  pos = 0;
  constructor(private readonly b: Buffer) {}
  int(): number {
    const v = this.b.readInt32BE(this.pos);
    this.pos += 4;
    return v;
  }
  long(): bigint {
    const v = this.b.readBigInt64BE(this.pos);
    this.pos += 8;
    return v;
  }
  buffer(): Buffer | null {
    const n = this.int();
    if (n < 0) return null;
    const v = this.b.subarray(this.pos, this.pos + n);
    this.pos += n;
    return v;
  }
  string(): string {
    return (this.buffer() ?? Buffer.alloc(0)).toString('utf8');
  }
  stat(): ZkStat {
    return {
      czxid: this.long(),
      mzxid: this.long(),
      ctime: Number(this.long()),
      mtime: Number(this.long()),
      version: this.int(),
      cversion: this.int(),
      aversion: this.int(),
      ephemeralOwner: this.long(),
      dataLength: this.int(),
      numChildren: this.int(),
      pzxid: this.long(),
    };
  }
}

/** Splits "host:port[,host:port][/chroot]" into the first server and the optional chroot. */
export function parseConnectString(s: string): { host: string; port: number; chroot: string } {
  const slash = s.indexOf('/');
  const servers = slash >= 0 ? s.slice(0, slash) : s;
  const chroot = slash >= 0 ? s.slice(slash).replace(/\/$/, '') : '';
  const first = servers.split(',')[0]!.trim();
  const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(first);
  if (!m || first.length === 0) throw new ZkConnectionError(`invalid ZooKeeper address '${s}' (expected HOST:PORT)`);
  return { host: m[1]!.replace(/^\[|\]$/g, ''), port: m[2] ? Number(m[2]) : 2181, chroot };
}

interface Pending {
  resolve: (r: Reader) => void;
  reject: (e: Error) => void;
  path: string;
}

export class ZkClient {
  private socket!: Socket;
  private buffered = Buffer.alloc(0);
  private xid = 1;
  private pending = new Map<number, Pending>();
  private handshake?: { resolve: (r: Reader) => void; reject: (e: Error) => void };
  private pingTimer?: NodeJS.Timeout;
  private closed = false;
  sessionId = 0n;
  sessionTimeoutMs = 0;

  private constructor(
    readonly address: string,
    private readonly chroot: string,
  ) {}

  /** Connects and opens a session; rejects with ZkConnectionError after timeoutMs. */
  static async connect(connectString: string, opts: { timeoutMs?: number; sessionTimeoutMs?: number } = {}): Promise<ZkClient> {
    const { host, port, chroot } = parseConnectString(connectString);
    const client = new ZkClient(`${host}:${port}`, chroot);
    await client.open(host, port, opts.timeoutMs ?? 5000, opts.sessionTimeoutMs ?? 30000);
    return client;
  }

  private open(host: string, port: number, timeoutMs: number, sessionTimeoutMs: number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.socket.destroy();
        reject(new ZkConnectionError(`no answer from ZooKeeper at ${host}:${port} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.socket = connect({ host, port });
      this.socket.on('error', (e: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        const err = new ZkConnectionError(
          e.code === 'ECONNREFUSED'
            ? `connection refused by ${host}:${port} (is ZooKeeper running?)`
            : `cannot reach ZooKeeper at ${host}:${port}: ${e.message}`,
        );
        this.failAll(err);
        reject(err);
      });
      this.socket.on('close', () => this.failAll(new ZkConnectionError(`ZooKeeper at ${host}:${port} closed the connection`)));
      this.socket.on('data', (d: Buffer) => this.onData(d));
      this.socket.once('connect', () => {
        this.handshake = {
          resolve: (r) => {
            clearTimeout(timer);
            r.int(); // protocol version
            this.sessionTimeoutMs = r.int();
            this.sessionId = r.long();
            if (this.sessionTimeoutMs <= 0) {
              reject(new ZkConnectionError(`ZooKeeper at ${host}:${port} refused the session`));
              return;
            }
            // keep the session alive while an interactive shell sits idle
            this.pingTimer = setInterval(() => this.send(-2, OP.ping, new Writer()), Math.max(1000, this.sessionTimeoutMs / 3));
            this.pingTimer.unref();
            resolve();
          },
          reject: (e) => {
            clearTimeout(timer);
            reject(e);
          },
        };
        const req = new Writer().int(0).long(0n).int(sessionTimeoutMs).long(0n).buffer(Buffer.alloc(16)).bool(false);
        this.socket.write(req.frame());
      });
    });
  }

  private failAll(err: Error): void {
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.handshake?.reject(err);
    this.handshake = undefined;
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }

  private onData(d: Buffer): void {
    this.buffered = Buffer.concat([this.buffered, d]);
    while (this.buffered.length >= 4) {
      const len = this.buffered.readInt32BE(0);
      if (this.buffered.length < 4 + len) return;
      const frame = this.buffered.subarray(4, 4 + len);
      this.buffered = this.buffered.subarray(4 + len);
      const r = new Reader(frame);
      if (this.handshake) {
        const h = this.handshake;
        this.handshake = undefined;
        h.resolve(r);
        continue;
      }
      const xid = r.int();
      r.long(); // zxid
      const err = r.int();
      if (xid < 0) continue; // ping (-2) and watch notifications (-1): not used here
      const p = this.pending.get(xid);
      if (!p) continue;
      this.pending.delete(xid);
      if (err !== 0) p.reject(new ZkError(err, p.path));
      else p.resolve(r);
    }
  }

  private send(xid: number, op: number, body: Writer): void {
    const header = new Writer().int(xid).int(op).frame().subarray(4);
    const b = body.frame().subarray(4);
    const len = Buffer.alloc(4);
    len.writeInt32BE(header.length + b.length);
    this.socket.write(Buffer.concat([len, header, b]));
  }

  private request(op: number, path: string, body: Writer): Promise<Reader> {
    if (this.closed) return Promise.reject(new ZkConnectionError('the ZooKeeper session is closed'));
    const xid = this.xid++;
    return new Promise((resolve, reject) => {
      this.pending.set(xid, { resolve, reject, path });
      this.send(xid, op, body);
    });
  }

  private full(path: string): string {
    if (!path.startsWith('/')) throw new ZkError(-8, `Path must start with / character`);
    return this.chroot + (path === '/' && this.chroot ? '' : path);
  }

  async getChildren(path: string): Promise<{ children: string[]; stat: ZkStat }> {
    const r = await this.request(OP.getChildren2, path, new Writer().string(this.full(path)).bool(false));
    const n = r.int();
    const children: string[] = [];
    for (let i = 0; i < n; i++) children.push(r.string());
    return { children, stat: r.stat() };
  }

  async getData(path: string): Promise<{ data: Buffer | null; stat: ZkStat }> {
    const r = await this.request(OP.getData, path, new Writer().string(this.full(path)).bool(false));
    const data = r.buffer();
    return { data, stat: r.stat() };
  }

  /** The node's stat, or undefined when it does not exist. */
  async exists(path: string): Promise<ZkStat | undefined> {
    try {
      const r = await this.request(OP.exists, path, new Writer().string(this.full(path)).bool(false));
      return r.stat();
    } catch (e) {
      if (e instanceof ZkError && e.code === -101) return undefined;
      throw e;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    if (this.pingTimer) clearInterval(this.pingTimer);
    try {
      await Promise.race([this.request(OP.closeSession, '', new Writer()), new Promise((r) => setTimeout(r, 1000))]);
    } catch {
      /* already gone */
    }
    this.closed = true;
    this.socket.end();
    this.socket.destroy();
  }
}
