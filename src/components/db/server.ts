/**
 * The lab database as a process: PostgreSQL (initdb, then the postgres server as the `postgres`
 * user when we are root) or MariaDB (mariadb-install-db, then mariadbd with a row binlog), each
 * in its own folder, tracked by pid file, ready when it answers a query, stopped by pid.
 * Callable from code (cluster up, the pipelines demo) as well as from `kafka-lab db`.
 */
import { execFile, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { KafkaLabError } from '../../errors.js';
import { hints } from '../../hints.js';
import { write, writeErr } from '../../output/output.js';
import { kafkaLabHome } from '../../paths.js';
import { checkPort } from '../../util/ports.js';
import { launchServer, type ServerRecord, type StopResult, stopServer } from '../../engine/index.js';
import { componentDir, type ListedComponent, listComponents } from '../records.js';
import { type OsUser, serverUser, unreachableAncestor, userNameOf } from '../server-user.js';
import {
  type DbConnection,
  type DbKind,
  type DbLayout,
  dbConnection,
  dbLayout,
  DEFAULT_DB_PORTS,
  mariadbCnf,
  pgHbaConf,
  postgresConf,
  SEED_DATABASE,
  SEED_TABLE,
  seedSql,
} from './config.js';
import { currentEnv } from '../../output/io.js';

const LABELS: Record<DbKind, string> = { postgres: 'PostgreSQL', mariadb: 'MariaDB' };
const INSTALL_HINTS: Record<DbKind, string> = {
  postgres: 'Install it with: apt-get install postgresql (kafka-lab looks in /usr/lib/postgresql/*/bin, or $KAFKA_LAB_POSTGRES_BIN)',
  mariadb: 'Install it with: apt-get install mariadb-server (kafka-lab looks on PATH and in /usr/sbin, or $KAFKA_LAB_MARIADB_BIN)',
};

export interface DbStartOptions {
  kind: DbKind;
  /** the database's folder; default $KAFKA_LAB_HOME/db/<kind> */
  dir?: string;
  port?: number;
  host?: string;
  readyTimeoutMs?: number;
  env?: NodeJS.ProcessEnv;
  onProgress?: (text: string) => void;
}

export interface DbStartResult {
  record: ServerRecord;
  /** the database's folder */
  dir: string;
  connection: DbConnection;
  /** true when this start created the database files (initdb / mariadb-install-db) */
  initialized: boolean;
  /** false when it was already running (nothing done) */
  started: boolean;
}

/** A program of a database package: $KAFKA_LAB_<KIND>_BIN, then the package's folders, then PATH. */
export function findDbProgram(kind: DbKind, name: string, env: NodeJS.ProcessEnv = currentEnv()): string | undefined {
  const override = env[kind === 'postgres' ? 'KAFKA_LAB_POSTGRES_BIN' : 'KAFKA_LAB_MARIADB_BIN'];
  const dirs: string[] = [];
  if (override) dirs.push(override);
  else if (kind === 'postgres') {
    try {
      const versions = readdirSync('/usr/lib/postgresql')
        .filter((v) => /^\d+$/.test(v))
        .sort((a, b) => Number(b) - Number(a));
      for (const v of versions) dirs.push(join('/usr/lib/postgresql', v, 'bin'));
    } catch {
      /* not installed there */
    }
  } else dirs.push('/usr/sbin', '/usr/bin');
  if (!override) dirs.push(...(env.PATH ?? '').split(':').filter(Boolean));
  for (const d of dirs) {
    const p = join(d, name);
    if (existsSync(p)) return p;
  }
  return undefined;
}

function requireProgram(kind: DbKind, name: string, env: NodeJS.ProcessEnv): string {
  const p = findDbProgram(kind, name, env);
  if (!p) throw new KafkaLabError(`${LABELS[kind]} is not installed: ${name} not found`, { kind: 'not-found', hint: INSTALL_HINTS[kind] });
  return p;
}

/** The default folder; for PostgreSQL as root, one the postgres user can reach (not under /root). */
export function defaultDbDir(kind: DbKind, user: OsUser | undefined, env: NodeJS.ProcessEnv = currentEnv()): string {
  const dir = join(kafkaLabHome(env), 'db', kind);
  if (!user || !unreachableAncestor(dir, user)) return dir;
  return join(user.home, 'kafka-lab', kind);
}

/** Runs a program to completion (bounded), capturing its output. */
export function runProgram(
  command: string,
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; timeoutMs?: number; input?: string; user?: OsUser } = {},
): Promise<{ stdout: string; stderr: string; code: number }> {
  const ids = opts.user ? { uid: opts.user.uid, gid: opts.user.gid } : {};
  return new Promise((resolvePromise) => {
    const child = execFile(command, args, { env: opts.env, timeout: opts.timeoutMs ?? 60_000, maxBuffer: 64 * 1024 * 1024, ...ids }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code as number) : 1) : 0;
      resolvePromise({ stdout: String(stdout), stderr: String(stderr) || (err && code === 1 && !stderr ? err.message : ''), code });
    });
    child.stdin?.on('error', () => {});
    child.stdin?.end(opts.input ?? '');
  });
}

/** Client arguments that connect to a running lab database and run one statement. */
export function clientCommand(conn: DbConnection, env: NodeJS.ProcessEnv, statement?: string): { command: string; args: string[]; env: NodeJS.ProcessEnv } {
  if (conn.kind === 'postgres') {
    const psql = findDbProgram('postgres', 'psql', env) ?? 'psql';
    const args = ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h', conn.host, '-p', String(conn.port), '-U', conn.user, '-d', conn.database || 'postgres'];
    if (statement !== undefined) args.push('-c', statement);
    return { command: psql, args, env: { ...env, PGCONNECT_TIMEOUT: '5' } };
  }
  const client = findDbProgram('mariadb', 'mariadb', env) ?? 'mariadb';
  const args = ['--no-defaults', '--protocol=TCP', '-h', conn.host, '-P', String(conn.port), '-u', conn.user, '--connect-timeout=5'];
  if (conn.database) args.push(conn.database);
  if (statement !== undefined) args.push('-e', statement);
  return { command: client, args, env };
}

/** One value from a query (first column of the first row), or undefined when it failed. */
export async function queryValue(conn: DbConnection, sql: string, env: NodeJS.ProcessEnv = currentEnv()): Promise<string | undefined> {
  const c = clientCommand(conn, env);
  const args = conn.kind === 'postgres' ? [...c.args, '-A', '-t', '-c', sql] : [...c.args, '-N', '-B', '-e', sql];
  const r = await runProgram(c.command, args, { env: c.env, timeoutMs: 10_000 });
  return r.code === 0 ? r.stdout.split('\n')[0]?.trim() : undefined;
}

function ensureOwnedFolder(path: string, user: OsUser | undefined, label: string, kind: DbKind): void {
  const uid = user?.uid ?? process.getuid?.() ?? 0;
  if (existsSync(path)) {
    const st = statSync(path);
    if (st.uid !== uid) {
      const runner = user?.name ?? userNameOf(uid);
      throw new KafkaLabError(`${label} ${path} belongs to ${userNameOf(st.uid)}, not to ${runner} (the user ${LABELS[kind]} runs as)`, {
        kind: 'process',
        hint: `Choose another --dir, or hand the folder over: chown -R ${runner} ${path}`,
      });
    }
    return;
  }
  mkdirSync(path, { recursive: true, mode: 0o700 });
  if (user) chownSync(path, user.uid, user.gid);
}

/** Starts the lab database (initialising its folder on first start); returns its record. */
export async function startDatabase(o: DbStartOptions): Promise<DbStartResult> {
  const env = o.env ?? currentEnv();
  const kind = o.kind;
  const host = o.host ?? '127.0.0.1';
  const port = o.port ?? DEFAULT_DB_PORTS[kind];
  const user = kind === 'postgres' ? serverUser('postgres') : undefined;
  const dir = resolve(o.dir ?? defaultDbDir(kind, user, env));
  const layout = dbLayout(kind, dir);
  const connection = dbConnection(kind, host, port);

  const running = (await listComponents([kind], env)).filter((c) => c.alive);
  const same = running.find((c) => c.dir === dir);
  if (same) {
    if (same.address === `${host}:${port}`) return { record: same, dir, connection, initialized: false, started: false };
    throw new KafkaLabError(`${LABELS[kind]} of ${dir} is already running on ${same.address} (pid ${same.pid})`, {
      kind: 'process',
      hint: `Stop it first (kafka-lab db stop --db ${kind} --port ${same.address.replace(/^.*:/, '')}), or give this one another --dir.`,
    });
  }
  const portState = await checkPort(host, port);
  if (portState !== 'free') {
    throw new KafkaLabError(`${LABELS[kind]} port ${port} is already in use`, { kind: 'process', hint: hints.portInUse(port) });
  }
  const server = requireProgram(kind, kind === 'postgres' ? 'postgres' : 'mariadbd', env);
  if (user) {
    const blocked = unreachableAncestor(dir, user);
    if (blocked)
      throw new KafkaLabError(`the folder ${dir} is not reachable by the ${user.name} user (${blocked} is closed to it)`, {
        kind: 'process',
        hint: `PostgreSQL runs as ${user.name}: choose a --dir it can reach (e.g. under /var/tmp), or open the way: chmod o+x ${blocked}`,
      });
  }

  mkdirSync(dir, { recursive: true });
  let initialized = false;
  if (kind === 'postgres') {
    if (user) chownSync(dir, user.uid, user.gid);
    ensureOwnedFolder(layout.data, user, 'the data folder', kind);
    ensureOwnedFolder(layout.socket, user, 'the socket folder', kind);
    if (!existsSync(join(layout.data, 'PG_VERSION'))) {
      o.onProgress?.('initdb: creating the database cluster');
      const initdb = requireProgram(kind, 'initdb', env);
      const r = await runProgram(initdb, ['-D', layout.data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-instructions'], {
        env,
        timeoutMs: 120_000,
        user,
      });
      if (r.code !== 0)
        throw new KafkaLabError(`initdb failed (exit ${r.code})`, {
          kind: 'process',
          hint: `Check the folder ${layout.data}: it must be empty or absent.`,
          details: `${r.stderr}\n${r.stdout}`
            .split('\n')
            .filter((l) => l.trim())
            .slice(-6),
        });
      initialized = true;
    }
    // our settings replace initdb's sample files: short, readable, CDC-ready
    writeFileSync(layout.configFile, postgresConf({ host, port, layout }));
    writeFileSync(join(layout.data, 'pg_hba.conf'), pgHbaConf());
    if (user) {
      chownSync(layout.configFile, user.uid, user.gid);
      chownSync(join(layout.data, 'pg_hba.conf'), user.uid, user.gid);
    }
  } else {
    writeFileSync(layout.configFile, mariadbCnf({ host, port, layout }));
    ensureOwnedFolder(layout.data, undefined, 'the data folder', kind);
    if (!existsSync(join(layout.data, 'mysql'))) {
      o.onProgress?.('mariadb-install-db: creating the system tables');
      const install = requireProgram(kind, 'mariadb-install-db', env);
      const args = [`--defaults-file=${layout.configFile}`, '--auth-root-authentication-method=normal', '--skip-test-db'];
      if (process.getuid?.() === 0) args.push('--user=root');
      const r = await runProgram(install, args, { env, timeoutMs: 120_000 });
      if (r.code !== 0)
        throw new KafkaLabError(`mariadb-install-db failed (exit ${r.code})`, {
          kind: 'process',
          hint: `Check the folder ${layout.data}: it must be empty or absent.`,
          details: `${r.stderr}\n${r.stdout}`
            .split('\n')
            .filter((l) => /ERROR|error/.test(l))
            .slice(-6),
        });
      initialized = true;
    }
  }

  const serverArgs = kind === 'postgres' ? ['-D', layout.data] : [`--defaults-file=${layout.configFile}`, ...(process.getuid?.() === 0 ? ['--user=root'] : [])];
  o.onProgress?.(`starting ${LABELS[kind]} on ${host}:${port}`);
  const record = await launchServer({
    command: server,
    args: serverArgs,
    env,
    daemon: true,
    runAs: user?.name,
    record: {
      role: kind,
      pid: 0,
      address: `${host}:${port}`,
      configFile: layout.configFile,
      logFile: layout.logFile,
      engine: kind === 'postgres' ? `postgresql-${server.split('/').at(-3) ?? ''}`.replace(/-$/, '') : 'mariadb',
      startedAt: new Date().toISOString(),
      match: kind === 'postgres' ? [layout.data] : [`--defaults-file=${layout.configFile}`],
    },
    probe: async () => (await queryValue({ ...connection, database: '' }, 'SELECT 1', env)) === '1',
    readyTimeoutMs: o.readyTimeoutMs ?? 60_000,
    onProgress: o.onProgress,
    spawnError: (err) => new KafkaLabError(`cannot start ${server}: ${err.code ?? err.message}`, { kind: 'process', hint: INSTALL_HINTS[kind] }),
  });
  return { record, dir, connection, initialized, started: true };
}

/** Which running databases a stop / sql / status means; throws when the choice is empty or ambiguous. */
export function selectDatabases(running: ListedComponent[], sel: { kind?: DbKind; port?: number; all?: boolean; verb: string }): ListedComponent[] {
  let list = running.filter((r) => r.alive && (r.role === 'postgres' || r.role === 'mariadb'));
  if (sel.kind) list = list.filter((r) => r.role === sel.kind);
  if (sel.port !== undefined) list = list.filter((r) => r.address.endsWith(`:${sel.port}`));
  const what = sel.kind ? LABELS[sel.kind] : 'database';
  if (list.length === 0) {
    throw new KafkaLabError(`no ${what} started by kafka-lab is running${sel.port !== undefined ? ` on port ${sel.port}` : ''}`, {
      kind: 'not-found',
      hint:
        sel.verb === 'stop'
          ? 'kafka-lab db status lists the running ones; kafka-lab only stops databases it started.'
          : `Start one with: kafka-lab db start${sel.kind === 'mariadb' ? ' --db mariadb' : ''} (kafka-lab db status lists the running ones)`,
    });
  }
  if (list.length > 1 && !sel.all) {
    throw new KafkaLabError(`${list.length} databases are running; say which one to ${sel.verb}`, {
      kind: 'usage',
      hint: `Use --db postgres|mariadb or --port N (running: ${list.map((r) => `${r.role} on ${r.address}`).join(', ')})${sel.verb === 'stop' ? ', or --all' : ''}.`,
    });
  }
  return list;
}

export function runningDatabases(env: NodeJS.ProcessEnv = currentEnv()): Promise<ListedComponent[]> {
  return listComponents(['postgres', 'mariadb'], env);
}

/** Stops it by pid with its kind's signal (PostgreSQL: SIGINT, the "fast" shutdown that does not wait for clients). */
export function stopDatabase(record: ServerRecord & { pidFile?: string }, opts: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<StopResult> {
  return stopServer(record, { timeoutMs: opts.timeoutMs, env: opts.env });
}

export function connectionOf(record: ServerRecord, database: string = SEED_DATABASE): DbConnection {
  const port = Number(record.address.replace(/^.*:/, ''));
  const host = record.address.replace(/:\d+$/, '');
  return dbConnection(record.role as DbKind, host, port, database);
}

export interface DbStatus {
  kind: DbKind;
  pid: number;
  address: string;
  dir: string;
  logFile: string;
  /** PostgreSQL: wal_level; MariaDB: binlog_format */
  cdcSetting: string;
  cdcValue: string | undefined;
  /** rows of the seed table, undefined when not seeded */
  seedRows: number | undefined;
  connection: DbConnection;
}

/** Live facts of a running database: its CDC setting as the server reports it, and the seed table. */
export async function databaseStatus(record: ServerRecord, env: NodeJS.ProcessEnv = currentEnv()): Promise<DbStatus> {
  const kind = record.role as DbKind;
  const admin = { ...connectionOf(record), database: '' };
  const cdcSetting = kind === 'postgres' ? 'wal_level' : 'binlog_format';
  const cdcValue = await queryValue(admin, kind === 'postgres' ? 'SHOW wal_level' : 'SELECT @@binlog_format', env);
  const rows = await queryValue(connectionOf(record), `SELECT COUNT(*) FROM ${SEED_TABLE}`, env);
  return {
    kind,
    pid: record.pid,
    address: record.address,
    dir: componentDir(record),
    logFile: record.logFile,
    cdcSetting,
    cdcValue,
    seedRows: rows === undefined || rows === '' ? undefined : Number(rows),
    connection: connectionOf(record),
  };
}

/** The server's own words for a failed statement, on one line. */
export function clientErrorLine(kind: DbKind, stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.trim());
  if (kind === 'postgres') {
    const l = lines.find((x) => /(ERROR|FATAL):/.test(x)) ?? lines.find((x) => x.length > 0) ?? 'psql failed';
    return l
      .replace(/^psql:\S*?:\d+:\s*/, '')
      .replace(/^psql: error: /, '')
      .replace(/^.*?(ERROR|FATAL):\s+/, '$1: ');
  }
  const l = lines.find((x) => /^ERROR \d+/.test(x)) ?? lines.find((x) => x.length > 0) ?? 'mariadb failed';
  return l.replace(/^ERROR (\d+) \(([0-9A-Z]+)\)( at line \d+)?: /, 'ERROR $1: ');
}

/** A database that does not exist, named the same for both kinds (the usual mistake: not seeded yet). */
export function missingDatabase(kind: DbKind, stderr: string): string | undefined {
  const m = kind === 'postgres' ? /database "([^"]+)" does not exist/.exec(stderr) : /Unknown database '([^']+)'/.exec(stderr);
  return m?.[1];
}

export interface SqlOptions {
  /** one statement, or several separated by ; */
  statement?: string;
  file?: string;
  /** SQL text to feed on stdin (used when neither statement nor file is given) */
  input?: string;
  database?: string;
  /** 'inherit': results go to our stdout (the CLI); 'capture': returned */
  output: 'inherit' | 'capture';
  env?: NodeJS.ProcessEnv;
}

/** Runs SQL through the database's own client (psql / mariadb); throws with the server's message. */
export async function runSql(record: ServerRecord, o: SqlOptions): Promise<{ stdout: string }> {
  const env = o.env ?? currentEnv();
  const kind = record.role as DbKind;
  const conn = connectionOf(record, o.database ?? SEED_DATABASE);
  const c = clientCommand(conn, env, o.statement);
  let input = o.input;
  if (o.file !== undefined) {
    if (!existsSync(o.file)) throw new KafkaLabError(`SQL file not found: ${o.file}`, { kind: 'not-found', hint: hints.checkPath });
    if (kind === 'postgres') c.args.push('-f', resolve(o.file));
    else input = (await import('node:fs')).readFileSync(o.file, 'utf8');
  }
  const child = spawn(c.command, c.args, { env: c.env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  // results go through the run's output layer as they come ('inherit'), or are kept ('capture')
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (o.output === 'inherit' ? write(d) : (stdout += d)));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  child.stdin!.on('error', () => {});
  child.stdin!.end(input ?? '');
  const code = await new Promise<number>((res) => {
    child.on('error', () => res(127));
    child.on('close', (cd) => res(cd ?? 1));
  });
  if (code === 127 && !stderr)
    throw new KafkaLabError(`the ${kind === 'postgres' ? 'psql' : 'mariadb'} client is not installed`, { kind: 'not-found', hint: INSTALL_HINTS[kind] });
  if (code !== 0) {
    const db = missingDatabase(kind, stderr);
    if (db)
      throw new KafkaLabError(`database '${db}' does not exist on ${LABELS[kind]} ${record.address}`, {
        kind: 'not-found',
        hint:
          db === SEED_DATABASE
            ? `Create the lab's database with: kafka-lab db seed (database ${SEED_DATABASE}, table ${SEED_TABLE}), or pass --database ${kind === 'postgres' ? 'postgres' : 'mysql'}`
            : 'Check --database; kafka-lab db seed creates the lab database.',
      });
    throw new KafkaLabError(`${LABELS[kind]}: ${clientErrorLine(kind, stderr)}`, { kind: 'failed', hint: 'Nothing after the failing statement was run.' });
  }
  if (stderr.trim() && o.output === 'inherit') writeErr(stderr);
  return { stdout };
}

/** Creates database `lab` and table `orders` (with three rows) if missing; idempotent. */
export async function seedDatabase(record: ServerRecord, env: NodeJS.ProcessEnv = currentEnv()): Promise<{ database: string; table: string; rows: number }> {
  const kind = record.role as DbKind;
  const sql = seedSql(kind);
  await runSql(record, { input: sql.admin, database: kind === 'postgres' ? 'postgres' : '', output: 'capture', env });
  await runSql(record, { input: sql.table, database: SEED_DATABASE, output: 'capture', env });
  const rows = Number(await queryValue(connectionOf(record), `SELECT COUNT(*) FROM ${SEED_TABLE}`, env));
  return { database: SEED_DATABASE, table: SEED_TABLE, rows };
}

export type { DbLayout };
