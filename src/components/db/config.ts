/**
 * The lab database, as files: PostgreSQL's postgresql.conf and pg_hba.conf, MariaDB's my.cnf,
 * and the seed table whose every new row becomes a message once Debezium watches it.
 * Pure functions; src/components/db/server.ts writes and runs them.
 */
import { join } from 'node:path';

export type DbKind = 'postgres' | 'mariadb';
export const DB_KINDS: readonly DbKind[] = ['postgres', 'mariadb'];

/** Ports next to the usual ones (5432, 3306) so that a system database keeps its port. */
export const DEFAULT_DB_PORTS: Record<DbKind, number> = { postgres: 5433, mariadb: 3307 };

/** The database and table `db seed` creates. */
export const SEED_DATABASE = 'lab';
export const SEED_TABLE = 'orders';

/** The user Debezium and `db sql` connect as (trusted on 127.0.0.1: a lab, not a production server). */
export const DB_USERS: Record<DbKind, string> = { postgres: 'postgres', mariadb: 'root' };

/** Where a database keeps its files inside its folder. */
export interface DbLayout {
  dir: string;
  /** PGDATA, or MariaDB's datadir */
  data: string;
  configFile: string;
  logFile: string;
  /** PostgreSQL: folder of its Unix socket; MariaDB: the socket file */
  socket: string;
}

export function dbLayout(kind: DbKind, dir: string): DbLayout {
  if (kind === 'postgres') {
    const data = join(dir, 'data');
    return { dir, data, configFile: join(data, 'postgresql.conf'), logFile: join(dir, 'postgres.log'), socket: join(dir, 'run') };
  }
  return { dir, data: join(dir, 'data'), configFile: join(dir, 'my.cnf'), logFile: join(dir, 'mariadb.log'), socket: join(dir, 'mariadb.sock') };
}

export interface DbSettings {
  port: number;
  /** listen address; loopback by default */
  host: string;
  layout: DbLayout;
}

/**
 * postgresql.conf for change data capture: logical decoding (pgoutput needs nothing else),
 * enough WAL senders and slots for a few connectors, a private port and socket folder.
 */
export function postgresConf(s: DbSettings): string {
  const lines = [
    '# PostgreSQL for a kafka-lab data-lake lab: written by kafka-lab at each `db start`.',
    '# Change data capture (Debezium, plugin.name=pgoutput) needs logical WAL and replication slots.',
    `listen_addresses = '${s.host}'`,
    `port = ${s.port}`,
    `unix_socket_directories = '${s.layout.socket}'`,
    'wal_level = logical',
    'max_wal_senders = 10',
    'max_replication_slots = 10',
    '# a lab on a small machine',
    'max_connections = 50',
    'shared_buffers = 32MB',
    "dynamic_shared_memory_type = 'posix'",
    "log_timezone = 'UTC'",
    "timezone = 'UTC'",
    "datestyle = 'iso, mdy'",
    "lc_messages = 'C'",
    "default_text_search_config = 'pg_catalog.english'",
    '',
  ];
  return lines.join('\n');
}

/** pg_hba.conf: trust on the socket and on 127.0.0.1, replication connections included (Debezium). */
export function pgHbaConf(): string {
  return [
    '# written by kafka-lab: a lab database trusts local connections, replication included',
    '# TYPE  DATABASE     USER  ADDRESS       METHOD',
    'local   all          all                 trust',
    'host    all          all   127.0.0.1/32  trust',
    'host    replication  all   127.0.0.1/32  trust',
    'local   replication  all                 trust',
    '',
  ].join('\n');
}

/**
 * my.cnf for MariaDB with a row-based binary log (what Debezium's MariaDB/MySQL connectors read).
 * The [mariadbd] group is read by mariadbd and mariadb-install-db through --defaults-file.
 */
export function mariadbCnf(s: DbSettings): string {
  return [
    '# MariaDB for a kafka-lab data-lake lab: written by kafka-lab at each `db start`.',
    '# Change data capture (Debezium) reads the binary log: row format, full row images.',
    '[mariadbd]',
    `datadir = ${s.layout.data}`,
    `port = ${s.port}`,
    `bind-address = ${s.host}`,
    `socket = ${s.layout.socket}`,
    `pid-file = ${join(s.layout.dir, 'mariadb.pid')}`,
    'log-bin = mariadb-bin',
    'binlog-format = ROW',
    'binlog-row-image = FULL',
    'server-id = 1',
    'skip-name-resolve',
    '# a lab on a small machine',
    'innodb-buffer-pool-size = 32M',
    'max-connections = 50',
    '',
  ].join('\n');
}

/**
 * The seed: database `lab` with table `orders` and three rows. Every later INSERT is one change
 * event for Debezium. PostgreSQL gets REPLICA IDENTITY FULL so updates and deletes carry the
 * whole old row, like MariaDB's full row images.
 */
export function seedSql(kind: DbKind): { admin: string; table: string } {
  const rows = [
    ['alice', 'keyboard', 1, '49.90'],
    ['bob', 'monitor', 2, '189.00'],
    ['carol', 'cable', 5, '4.50'],
  ] as const;
  const values = rows.map(([c, p, q, a]) => `('${c}', '${p}', ${q}, ${a})`).join(', ');
  if (kind === 'postgres') {
    return {
      // CREATE DATABASE has no IF NOT EXISTS in PostgreSQL: psql's \gexec runs it only when missing
      admin: `SELECT 'CREATE DATABASE ${SEED_DATABASE}' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '${SEED_DATABASE}')\\gexec\n`,
      table: [
        `CREATE TABLE IF NOT EXISTS ${SEED_TABLE} (`,
        '  id         serial PRIMARY KEY,',
        '  customer   text NOT NULL,',
        '  product    text NOT NULL,',
        '  quantity   integer NOT NULL,',
        '  price      numeric(10,2) NOT NULL,',
        '  created_at timestamptz NOT NULL DEFAULT now()',
        ');',
        `ALTER TABLE ${SEED_TABLE} REPLICA IDENTITY FULL;`,
        `INSERT INTO ${SEED_TABLE} (customer, product, quantity, price) SELECT * FROM (VALUES ${values}) AS v(customer, product, quantity, price) WHERE NOT EXISTS (SELECT FROM ${SEED_TABLE});`,
        '',
      ].join('\n'),
    };
  }
  return {
    admin: `CREATE DATABASE IF NOT EXISTS ${SEED_DATABASE};\n`,
    table: [
      `CREATE TABLE IF NOT EXISTS ${SEED_TABLE} (`,
      '  id         INT AUTO_INCREMENT PRIMARY KEY,',
      '  customer   VARCHAR(100) NOT NULL,',
      '  product    VARCHAR(100) NOT NULL,',
      '  quantity   INT NOT NULL,',
      '  price      DECIMAL(10,2) NOT NULL,',
      '  created_at TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)',
      ');',
      `INSERT INTO ${SEED_TABLE} (customer, product, quantity, price) SELECT * FROM (${rows
        .map(([c, p, q, a]) => `SELECT '${c}' AS customer, '${p}' AS product, ${q} AS quantity, ${a} AS price`)
        .join(' UNION ALL ')}) AS v WHERE NOT EXISTS (SELECT 1 FROM ${SEED_TABLE});`,
      '',
    ].join('\n'),
  };
}

/** What a client (Debezium, a JDBC URL, psql) needs to reach a running lab database. */
export interface DbConnection {
  kind: DbKind;
  host: string;
  port: number;
  user: string;
  /** empty: the lab trusts 127.0.0.1 */
  password: string;
  database: string;
}

export function dbConnection(kind: DbKind, host: string, port: number, database: string = SEED_DATABASE): DbConnection {
  return { kind, host, port, user: DB_USERS[kind], password: '', database };
}
