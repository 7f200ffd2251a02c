/** The lab database's pure parts: config files, the seed, the command plan, error wording, selection. */
import { describe, expect, it } from 'vitest';
import { connectLine, dbPlan } from '../../../src/commands/db.js';
import { dbConnection, dbLayout, DEFAULT_DB_PORTS, mariadbCnf, pgHbaConf, postgresConf, seedSql } from '../../../src/components/db/config.js';
import { clientErrorLine, missingDatabase, selectDatabases } from '../../../src/components/db/server.js';
import type { ListedComponent } from '../../../src/components/records.js';
import { componentDir } from '../../../src/components/records.js';

const settingLines = (text: string) =>
  new Map(
    text
      .split('\n')
      .filter((l) => l.trim() && !l.startsWith('#') && !l.startsWith('['))
      .map((l) => l.split(/\s*=\s*/, 2) as [string, string]),
  );

describe('postgresql.conf and pg_hba.conf', () => {
  const layout = dbLayout('postgres', '/labs/a/postgres');
  const conf = settingLines(postgresConf({ host: '127.0.0.1', port: 5544, layout }));

  it('turns on logical decoding with room for replication slots', () => {
    expect(conf.get('wal_level')).toBe('logical');
    expect(Number(conf.get('max_wal_senders'))).toBeGreaterThanOrEqual(4);
    expect(Number(conf.get('max_replication_slots'))).toBeGreaterThanOrEqual(4);
  });

  it('listens on loopback only, on its own port and socket folder', () => {
    expect(conf.get('listen_addresses')).toBe("'127.0.0.1'");
    expect(conf.get('port')).toBe('5544');
    expect(conf.get('unix_socket_directories')).toBe("'/labs/a/postgres/run'");
  });

  it('trusts 127.0.0.1 for ordinary and replication connections, nothing wider', () => {
    const rows = pgHbaConf()
      .split('\n')
      .filter((l) => l.trim() && !l.startsWith('#'))
      .map((l) => l.split(/\s+/));
    expect(rows).toContainEqual(['host', 'all', 'all', '127.0.0.1/32', 'trust']);
    expect(rows).toContainEqual(['host', 'replication', 'all', '127.0.0.1/32', 'trust']);
    expect(rows.filter((r) => r[0] === 'host').every((r) => r[3] === '127.0.0.1/32')).toBe(true);
  });

  it('keeps data, socket and log apart in the folder', () => {
    expect(layout).toEqual({
      dir: '/labs/a/postgres',
      data: '/labs/a/postgres/data',
      configFile: '/labs/a/postgres/data/postgresql.conf',
      logFile: '/labs/a/postgres/postgres.log',
      socket: '/labs/a/postgres/run',
    });
    expect(componentDir({ role: 'postgres', configFile: layout.configFile })).toBe('/labs/a/postgres');
  });
});

describe('my.cnf', () => {
  const layout = dbLayout('mariadb', '/labs/a/mariadb');
  const text = mariadbCnf({ host: '127.0.0.1', port: 3399, layout });
  const conf = settingLines(text);

  it('writes a row-based binary log with full row images, as Debezium needs', () => {
    expect(text).toMatch(/^\[mariadbd\]$/m);
    expect(conf.get('log-bin')).toBeTruthy();
    expect(conf.get('binlog-format')).toBe('ROW');
    expect(conf.get('binlog-row-image')).toBe('FULL');
    expect(conf.get('server-id')).toBe('1');
  });

  it('binds loopback on its port, data and socket in its folder', () => {
    expect(conf.get('bind-address')).toBe('127.0.0.1');
    expect(conf.get('port')).toBe('3399');
    expect(conf.get('datadir')).toBe('/labs/a/mariadb/data');
    expect(conf.get('socket')).toBe('/labs/a/mariadb/mariadb.sock');
    expect(componentDir({ role: 'mariadb', configFile: layout.configFile })).toBe('/labs/a/mariadb');
  });
});

describe('the seed', () => {
  it('PostgreSQL: creates database lab only when missing (psql \\gexec), the table with a key, full replica identity', () => {
    const s = seedSql('postgres');
    expect(s.admin).toContain("WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'lab')\\gexec");
    expect(s.table).toContain('CREATE TABLE IF NOT EXISTS orders');
    expect(s.table).toContain('id         serial PRIMARY KEY');
    expect(s.table).toContain('REPLICA IDENTITY FULL');
    // the three rows go in only into an empty table: seeding twice adds nothing
    expect(s.table).toMatch(/WHERE NOT EXISTS \(SELECT FROM orders\);/);
    expect(s.table.match(/\('(alice|bob|carol)'/g)).toHaveLength(3);
  });

  it('MariaDB: the same table and rows, idempotent too', () => {
    const s = seedSql('mariadb');
    expect(s.admin).toBe('CREATE DATABASE IF NOT EXISTS lab;\n');
    expect(s.table).toContain('id         INT AUTO_INCREMENT PRIMARY KEY');
    expect(s.table).toMatch(/WHERE NOT EXISTS \(SELECT 1 FROM orders\);/);
    expect(s.table.match(/SELECT '(alice|bob|carol)'/g)).toHaveLength(3);
  });

  it('connection facts for Debezium and clients', () => {
    expect(dbConnection('postgres', '127.0.0.1', 5433)).toEqual({
      kind: 'postgres',
      host: '127.0.0.1',
      port: 5433,
      user: 'postgres',
      password: '',
      database: 'lab',
    });
    expect(dbConnection('mariadb', '127.0.0.1', 3307, 'x').user).toBe('root');
    expect(DEFAULT_DB_PORTS).toEqual({ postgres: 5433, mariadb: 3307 });
    expect(connectLine('postgres', '127.0.0.1', 5433, 'lab')).toBe('psql -h 127.0.0.1 -p 5433 -U postgres lab');
    expect(connectLine('mariadb', '127.0.0.1', 3307, 'lab')).toBe('mariadb -h 127.0.0.1 -P 3307 -u root lab');
  });
});

describe('db command plan', () => {
  it('start defaults to PostgreSQL', () => {
    expect(dbPlan({ action: 'start' }, true)).toEqual({ action: 'start', kind: 'postgres', dir: undefined, port: undefined, seed: false, timeoutMs: 60_000 });
    expect(dbPlan({ action: 'start', db: 'mariadb', port: 3310, seed: true }, true)).toMatchObject({ kind: 'mariadb', port: 3310, seed: true });
  });

  it('sql takes a statement, a file or standard input, one of them', () => {
    expect(dbPlan({ action: 'sql', statement: 'SELECT 1' }, true)).toMatchObject({ statement: 'SELECT 1', fromStdin: false });
    expect(dbPlan({ action: 'sql', file: 'x.sql', database: 'postgres' }, true)).toMatchObject({ file: 'x.sql', database: 'postgres', fromStdin: false });
    expect(dbPlan({ action: 'sql' }, false)).toMatchObject({ fromStdin: true });
    expect(() => dbPlan({ action: 'sql' }, true)).toThrow('db sql needs a statement, --file, or SQL on standard input');
    expect(() => dbPlan({ action: 'sql', statement: 'x', file: 'y' }, true)).toThrow('give a statement or --file, not both');
  });

  it('refuses what does not fit, as usage errors (exit 2)', () => {
    const cases: [Parameters<typeof dbPlan>[0], string][] = [
      [{}, 'db needs an action'],
      [{ action: 'frobnicate' }, "unknown action 'frobnicate' for 'db'"],
      [{ action: 'start', port: 70000 }, '--port must be a whole number from 1 to 65535 (got 70000)'],
      [{ action: 'stop', statement: 'SELECT 1' }, "db stop takes no statement (got 'SELECT 1')"],
      [{ action: 'status', file: 'x.sql' }, '--file only goes with db sql'],
    ];
    for (const [args, message] of cases) {
      let err: unknown;
      try {
        dbPlan(args, true);
      } catch (e) {
        err = e;
      }
      expect((err as Error).message).toContain(message);
      expect((err as { exitCode: number }).exitCode).toBe(2);
    }
  });
});

describe('client errors in one line', () => {
  it('psql', () => {
    expect(clientErrorLine('postgres', 'ERROR:  relation "nosuch" does not exist\nLINE 1: select * from nosuch\n')).toBe(
      'ERROR: relation "nosuch" does not exist',
    );
    expect(clientErrorLine('postgres', 'psql:/tmp/x.sql:3: ERROR:  syntax error at or near "selec"\n')).toBe('ERROR: syntax error at or near "selec"');
    expect(missingDatabase('postgres', 'psql: error: connection to server at "127.0.0.1", port 5433 failed: FATAL:  database "lab" does not exist')).toBe(
      'lab',
    );
  });

  it('mariadb', () => {
    expect(clientErrorLine('mariadb', "ERROR 1146 (42S02) at line 1: Table 'lab.nosuch' doesn't exist\n")).toBe("ERROR 1146: Table 'lab.nosuch' doesn't exist");
    expect(missingDatabase('mariadb', "ERROR 1049 (42000): Unknown database 'lab'")).toBe('lab');
    expect(missingDatabase('mariadb', "ERROR 1146 (42S02): Table 'lab.x' doesn't exist")).toBeUndefined();
  });
});

describe('choosing the running database', () => {
  const rec = (role: 'postgres' | 'mariadb', port: number, alive = true): ListedComponent => ({
    role,
    pid: 100 + port,
    address: `127.0.0.1:${port}`,
    configFile: `/x/${role}/data/postgresql.conf`,
    logFile: '/x/log',
    engine: role,
    startedAt: '',
    alive,
    pidFile: `/run/${role}-${port}.json`,
    dir: `/x/${role}`,
  });

  it('the only one, or the one named', () => {
    expect(selectDatabases([rec('postgres', 5433)], { verb: 'query' }).map((r) => r.address)).toEqual(['127.0.0.1:5433']);
    const two = [rec('postgres', 5433), rec('mariadb', 3307)];
    expect(selectDatabases(two, { kind: 'mariadb', verb: 'query' }).map((r) => r.role)).toEqual(['mariadb']);
    expect(selectDatabases(two, { port: 5433, verb: 'query' }).map((r) => r.role)).toEqual(['postgres']);
    expect(selectDatabases(two, { all: true, verb: 'stop' })).toHaveLength(2);
  });

  it('none running, or two without a choice, are errors that say what to do', () => {
    expect(() => selectDatabases([rec('postgres', 5433, false)], { verb: 'query' })).toThrow('no database started by kafka-lab is running');
    expect(() => selectDatabases([rec('postgres', 5433)], { kind: 'mariadb', verb: 'stop' })).toThrow('no MariaDB started by kafka-lab is running');
    expect(() => selectDatabases([rec('postgres', 5433), rec('mariadb', 3307)], { verb: 'stop' })).toThrow('2 databases are running; say which one to stop');
  });
});
