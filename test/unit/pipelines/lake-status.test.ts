import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { currentVersion, hdfsWarehousePath, tableFactsFromMetadata, tablePath } from '../../../src/pipelines/lake.js';
import { connectorsStatusTable, dataTable, statusNotes } from '../../../src/pipelines/present.js';
import { firstTraceLine, type PipelinesStatus, tasksText } from '../../../src/pipelines/status.js';
import { sameConfig } from '../../../src/pipelines/up.js';

/** v3.metadata.json that Iceberg 1.9.2's Kafka Connect sink wrote on the lab's HDFS (pretty-printed by the formatter): two commits, 3 then 5 rows */
const fixture = readFileSync(join(import.meta.dirname, 'fixtures', 'orders-v3.metadata.json'), 'utf8');

describe('Iceberg table metadata', () => {
  it('counts the records of the current snapshot (64-bit ids compared exactly, not the parent)', () => {
    const f = tableFactsFromMetadata('lake.orders', fixture, 3);
    expect(f).toMatchObject({ table: 'lake.orders', exists: true, metadataVersion: 3, records: 5, dataFiles: 2, snapshots: 2 });
    expect(f.committedAt).toBeGreaterThan(0);
  });

  it('a table with no snapshot yet holds 0 records', () => {
    const empty = '{"format-version":2,"current-snapshot-id":-1,"snapshots":[]}';
    expect(tableFactsFromMetadata('t', empty)).toMatchObject({ exists: true, records: 0, snapshots: 0 });
  });

  it('two ids that differ only beyond 2^53 are told apart', () => {
    const text = `{"current-snapshot-id":9007199254740993,"snapshots":[{"snapshot-id":9007199254740992,"timestamp-ms":1,"summary":{"total-records":"1"}},{"snapshot-id":9007199254740993,"parent-snapshot-id":9007199254740992,"timestamp-ms":2,"summary":{"total-records":"2"}}]}`;
    expect(tableFactsFromMetadata('t', text).records).toBe(2);
  });

  it('finds the current version from version-hint.text, else the highest vN listed', () => {
    expect(currentVersion('3\n', ['v1.metadata.json', 'v2.metadata.json', 'v3.metadata.json'])).toBe(3);
    expect(currentVersion(undefined, ['v1.metadata.json', 'v12.metadata.json', 'v2.metadata.json', 'snap-1.avro'])).toBe(12);
    expect(currentVersion('9', ['v1.metadata.json'])).toBe(1);
    expect(currentVersion(undefined, [])).toBeUndefined();
  });

  it('maps table names and warehouses to paths', () => {
    expect(tablePath('lake.orders')).toBe('lake/orders');
    expect(hdfsWarehousePath('hdfs://127.0.0.1:8020/warehouse')).toBe('/warehouse');
  });
});

const status = (over: Partial<PipelinesStatus> = {}): PipelinesStatus => ({
  components: [],
  workers: [
    {
      name: 'ingest',
      url: 'http://127.0.0.1:8083',
      reachable: true,
      connectors: [{ worker: 'ingest', name: 'orders-cdc', type: 'source', state: 'RUNNING', tasks: [{ id: 0, state: 'RUNNING' }] }],
    },
    {
      name: 'lake',
      url: 'http://127.0.0.1:8084',
      reachable: true,
      connectors: [
        {
          worker: 'lake',
          name: 'orders-lake',
          type: 'sink',
          state: 'RUNNING',
          tasks: [{ id: 0, state: 'FAILED', error: 'java.net.ConnectException: Connection refused' }],
        },
        { worker: 'lake', name: 'readings-lake', type: 'sink', state: 'RUNNING', tasks: [] },
      ],
    },
  ],
  topics: [
    { name: 'lab.public.orders', role: 'rows', records: 5 },
    { name: 'lake-orders-control', role: 'commits', control: true, records: 17 },
  ],
  tables: [
    { table: 'lake.orders', exists: true, records: 5, dataFiles: 2, snapshots: 2, committedAt: 0 },
    { table: 'lake.readings', exists: false, records: 0, dataFiles: 0, snapshots: 0 },
  ],
  ...over,
});

describe('status presentation', () => {
  it('shows each connector of each worker with its task states', () => {
    const t = connectorsStatusTable(status());
    expect(t.rows).toEqual([
      ['ingest', 'orders-cdc', 'source', 'RUNNING', '0: RUNNING'],
      ['lake', 'orders-lake', 'sink', 'RUNNING', '0: FAILED (java.net.ConnectException: Connection refused)'],
      ['lake', 'readings-lake', 'sink', 'RUNNING', 'no tasks'],
    ]);
    const down = connectorsStatusTable(status({ workers: [{ name: 'lake', url: 'u', reachable: false, error: 'not running', connectors: [] }] }));
    expect(down.rows).toEqual([['lake', '-', '-', 'worker not running', '']]);
  });

  it('explains failed tasks and connectors without tasks, with the command that helps', () => {
    expect(
      statusNotes(
        status({ components: [{ name: 'namenode', role: 'namenode', address: 'a', match: {}, dataDir: 'd', logFile: 'l', what: 'w', state: 'stopped' }] }),
      ),
    ).toEqual([
      'namenode is stopped',
      'connector orders-lake: task 0 FAILED; once the cause is fixed: kafka-lab connect restart orders-lake --failed-only --url http://127.0.0.1:8084',
      'connector readings-lake is RUNNING with no task: it moves no records',
    ]);
  });

  it('counts records of data topics and tables, not of transactional control topics', () => {
    const rows = dataTable(status()).rows;
    expect(rows[0]).toEqual(['topic', 'lab.public.orders', 5, 'rows']);
    expect(rows[1]![2]).toBe('-');
    expect(rows[2]!.slice(0, 3)).toEqual(['table', 'lake.orders', 5]);
    expect(rows[3]).toEqual(['table', 'lake.readings', 0, 'not created yet (the first commit creates it)']);
  });

  it('names a failed task by its deepest cause', () => {
    const trace =
      'org.apache.kafka.connect.errors.ConnectException: Exiting WorkerSinkTask\n\tat x\nCaused by: java.io.IOException: a\n\tat y\nCaused by: java.net.ConnectException: Connection refused\n\tat z';
    expect(firstTraceLine(trace)).toBe('java.net.ConnectException: Connection refused');
    expect(firstTraceLine('just one line')).toBe('just one line');
    expect(firstTraceLine(undefined)).toBeUndefined();
    expect(tasksText([])).toBe('no tasks');
  });

  it('an applied connector whose config did not change is left alone', () => {
    expect(sameConfig({ a: '1', b: '2' }, { b: '2', a: '1' })).toBe(true);
    expect(sameConfig({ a: '1' }, { a: '1', b: '2' })).toBe(false);
    expect(sameConfig({ a: '1' }, { a: '2' })).toBe(false);
  });
});
