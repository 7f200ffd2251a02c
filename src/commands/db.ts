import { SEED_DATABASE, SEED_TABLE } from '../components/db/config.js';
import * as db from '../components/db/server.js';
import { UsageError } from '../errors.js';
import { OUTPUT_FORMATS, info, out, present, spinner, warn, type OutputFormat } from '../output/output.js';
import { defineCommand } from './types.js';

export const DB_ACTIONS = ['start', 'stop', 'status', 'sql', 'seed'] as const;
/** Words shell completion offers for the action. */
export const completions = { action: DB_ACTIONS };
export type DbAction = (typeof DB_ACTIONS)[number];
type Kind = 'postgres' | 'mariadb';

export type DbPlan =
  | { action: 'start'; kind: Kind; dir?: string; port?: number; seed: boolean; timeoutMs: number }
  | { action: 'stop'; kind?: Kind; port?: number; all: boolean }
  | { action: 'status'; kind?: Kind; port?: number; output: OutputFormat }
  | { action: 'sql'; kind?: Kind; port?: number; statement?: string; file?: string; fromStdin: boolean; database?: string }
  | { action: 'seed'; kind?: Kind; port?: number };

export interface DbArgs {
  action?: string;
  statement?: string;
  db?: string;
  dir?: string;
  port?: number;
  all?: boolean;
  file?: string;
  database?: string;
  seed?: boolean;
  timeout?: number;
  output?: string;
}

function checkPort(port: number | undefined): void {
  if (port !== undefined && (!Number.isInteger(port) || port < 1 || port > 65535))
    throw new UsageError(`--port must be a whole number from 1 to 65535 (got ${port})`, 'Example: --port 5433');
}

/** The db command line as a plan (pure). stdinIsTty: whether SQL could come from stdin. */
export function dbPlan(a: DbArgs, stdinIsTty: boolean): DbPlan {
  if (!a.action)
    throw new UsageError('db needs an action: start, stop, status, sql or seed', 'Example: kafka-lab db start (PostgreSQL), kafka-lab db start --db mariadb');
  const kind = a.db as Kind | undefined;
  checkPort(a.port);
  const action = a.action as DbAction;
  if (a.statement !== undefined && action !== 'sql')
    throw new UsageError(`db ${action} takes no statement (got '${a.statement}')`, 'Only db sql runs a statement: kafka-lab db sql "SELECT * FROM orders"');
  if (action !== 'sql' && (a.file !== undefined || a.database !== undefined))
    throw new UsageError(`--${a.file !== undefined ? 'file' : 'database'} only goes with db sql`, 'Example: kafka-lab db sql --file inserts.sql');
  switch (action) {
    case 'start':
      return { action, kind: kind ?? 'postgres', dir: a.dir, port: a.port, seed: Boolean(a.seed), timeoutMs: a.timeout ?? 60_000 };
    case 'stop':
      return { action, kind, port: a.port, all: Boolean(a.all) };
    case 'status':
      return { action, kind, port: a.port, output: (a.output as OutputFormat | undefined) ?? 'text' };
    case 'seed':
      return { action, kind, port: a.port };
    case 'sql': {
      if (a.statement !== undefined && a.file !== undefined)
        throw new UsageError(
          'give a statement or --file, not both',
          'kafka-lab db sql "INSERT ..." runs one statement; kafka-lab db sql --file x.sql runs a file.',
        );
      const fromStdin = a.statement === undefined && a.file === undefined;
      if (fromStdin && stdinIsTty)
        throw new UsageError(
          'db sql needs a statement, --file, or SQL on standard input',
          `Example: kafka-lab db sql "INSERT INTO orders (customer, product, quantity, price) VALUES ('dave', 'mouse', 1, 9.99)"`,
        );
      return { action, kind, port: a.port, statement: a.statement, file: a.file, fromStdin, database: a.database };
    }
    default:
      throw new UsageError(`unknown action '${a.action}' for 'db'`, `Actions: ${DB_ACTIONS.join(', ')}`);
  }
}

/** The client command a user would type to reach the database. */
export function connectLine(kind: Kind, host: string, port: number, database: string): string {
  return kind === 'postgres' ? `psql -h ${host} -p ${port} -U postgres ${database}` : `mariadb -h ${host} -P ${port} -u root ${database}`;
}

export default defineCommand({
  command: 'db [action] [statement]',
  describe: 'The lab database with change data capture on: PostgreSQL (wal_level=logical) or MariaDB (row binlog), started, stopped and queried by kafka-lab',
  builder: (y) =>
    y
      .positional('action', { type: 'string', describe: `${DB_ACTIONS.join(' | ')}` })
      .positional('statement', { type: 'string', describe: 'db sql: the SQL to run' })
      .option('db', { choices: ['postgres', 'mariadb'] as const, describe: 'which database (start: default postgres; others: the running one)' })
      .option('dir', { type: 'string', describe: 'db start: its folder (data, config, log); default ~/.kafka-lab/db/<db>' })
      .option('port', { type: 'number', describe: 'db start: port on 127.0.0.1 (default 5433 / 3307); others: pick the database on this port' })
      .option('seed', { type: 'boolean', describe: 'db start: also create database lab with table orders' })
      .option('all', { type: 'boolean', describe: 'db stop: every database kafka-lab started' })
      .option('file', { alias: 'f', type: 'string', describe: 'db sql: run the statements of this file' })
      .option('database', { type: 'string', describe: 'db sql: database to run in (default lab)' })
      .option('timeout', { type: 'number', describe: 'db start: give up when not ready after this many ms (default 60000)' })
      .option('output', { alias: 'o', choices: OUTPUT_FORMATS, describe: 'db status: text, table or json' })
      .example('kafka-lab db start --seed', 'PostgreSQL on 127.0.0.1:5433, CDC-ready, with table lab.orders')
      .example('kafka-lab db start --db mariadb --port 3307', 'MariaDB with a row-based binary log')
      .example(
        `kafka-lab db sql "INSERT INTO orders (customer, product, quantity, price) VALUES ('dave', 'mouse', 1, 9.99)"`,
        'a new row: one change event for Debezium',
      )
      .example('kafka-lab db status', 'pid, address, wal_level / binlog_format, seed rows')
      .example('kafka-lab db stop', 'stop it (by pid file)'),
  handler: async (argv, io) => {
    const plan = dbPlan(argv, Boolean(io.stdin.isTTY));
    const label = (k: string) => (k === 'postgres' ? 'PostgreSQL' : 'MariaDB');

    if (plan.action === 'start') {
      const spin = await spinner(`starting ${label(plan.kind)}`);
      let r: Awaited<ReturnType<typeof db.startDatabase>>;
      try {
        r = await db.startDatabase({ kind: plan.kind, dir: plan.dir, port: plan.port, readyTimeoutMs: plan.timeoutMs, onProgress: (t) => spin.update(t) });
      } catch (err) {
        spin.fail();
        throw err;
      }
      spin.stop();
      if (r.initialized) info(`initialised ${r.dir}`);
      const c = r.connection;
      out(
        `${label(plan.kind)} ${r.started ? 'started' : 'is already running'}: pid ${r.record.pid}, address ${r.record.address}, folder ${r.dir}, log ${r.record.logFile}`,
      );
      if (plan.seed) {
        const s = await db.seedDatabase(r.record);
        out(`seeded: database ${s.database}, table ${s.table} (${s.rows} rows)`);
      }
      out(`connect: ${connectLine(plan.kind, c.host, c.port, plan.seed ? SEED_DATABASE : plan.kind === 'postgres' ? 'postgres' : '').trim()}`);
      return;
    }

    const running = await db.runningDatabases();
    if (plan.action === 'status') {
      const chosen = running.filter((r) => r.alive && (!plan.kind || r.role === plan.kind) && (plan.port === undefined || r.address.endsWith(`:${plan.port}`)));
      const statuses = await Promise.all(chosen.map((r) => db.databaseStatus(r)));
      present(plan.output, {
        text: () =>
          statuses.length === 0
            ? `No ${plan.kind ? label(plan.kind) : 'database'} started by kafka-lab is running. Start one with: kafka-lab db start`
            : statuses
                .map((s) =>
                  [
                    `${label(s.kind)} on ${s.address}: running (pid ${s.pid}), ${s.cdcSetting}=${s.cdcValue ?? '?'}, ${s.seedRows === undefined ? 'not seeded' : `${SEED_DATABASE}.${SEED_TABLE}: ${s.seedRows} rows`}`,
                    `  folder:  ${s.dir}`,
                    `  log:     ${s.logFile}`,
                    `  connect: ${connectLine(s.kind, s.connection.host, s.connection.port, s.seedRows !== undefined ? SEED_DATABASE : s.kind === 'postgres' ? 'postgres' : '').trim()}`,
                  ].join('\n'),
                )
                .join('\n'),
        table: () => ({
          head: ['database', 'pid', 'address', 'cdc', 'seed rows', 'folder'],
          rows: statuses.map((s) => [label(s.kind), s.pid, s.address, `${s.cdcSetting}=${s.cdcValue ?? '?'}`, s.seedRows, s.dir]),
        }),
        json: () => statuses,
      });
      return;
    }

    if (plan.action === 'stop') {
      for (const r of running.filter((x) => !x.alive)) warn(`removed the stale pid file of ${label(r.role)} (pid ${r.pid} is gone)`);
      const chosen = db.selectDatabases(running, { kind: plan.kind, port: plan.port, all: plan.all, verb: 'stop' });
      const results = await Promise.all(chosen.map((r) => db.stopDatabase(r)));
      for (const s of results) {
        const what = `${label(s.record.role)} on ${s.record.address} (pid ${s.record.pid})`;
        out(s.outcome === 'killed' ? `${what} killed after ${(s.ms / 1000).toFixed(1)} s` : `${what} stopped in ${(s.ms / 1000).toFixed(1)} s`);
      }
      return;
    }

    const [target] = db.selectDatabases(running, { kind: plan.kind, port: plan.port, verb: plan.action === 'seed' ? 'seed' : 'query' });
    if (plan.action === 'seed') {
      const s = await db.seedDatabase(target!);
      out(`seeded ${label(target!.role)} on ${target!.address}: database ${s.database}, table ${s.table} (${s.rows} rows)`);
      out('every new row becomes a change event once a Debezium connector watches the table');
      return;
    }
    let input: string | undefined;
    if (plan.fromStdin) {
      const chunks: Buffer[] = [];
      for await (const c of io.stdin) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c));
      input = Buffer.concat(chunks).toString('utf8');
      if (!input.trim()) throw new UsageError('no SQL on standard input', 'Pipe statements in, or give one: kafka-lab db sql "SELECT 1"');
    }
    await db.runSql(target!, { statement: plan.statement, file: plan.file, input, database: plan.database, output: 'inherit' });
  },
});
