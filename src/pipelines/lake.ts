/**
 * What an Iceberg table of the lab holds, read from the table's own metadata the way Iceberg's
 * Hadoop catalog keeps it: metadata/version-hint.text names the current vN.metadata.json, whose
 * current snapshot's summary counts the records and data files. Read through WebHDFS (HDFS)
 * or from the local folder (--lake local); no JVM.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { listStatus, readFile } from '../components/index.js';
import type { PipelinesSection } from './types.js';

export interface TableFacts {
  table: string;
  /** false: no metadata yet (the sink creates the table with its first commit) */
  exists: boolean;
  metadataVersion?: number;
  records: number;
  dataFiles: number;
  snapshots: number;
  /** time of the current snapshot (ms), when there is one */
  committedAt?: number;
}

interface SnapshotJson {
  'snapshot-id': string;
  'timestamp-ms'?: number;
  summary?: Record<string, string>;
}

/**
 * The facts of one vN.metadata.json. Snapshot ids are 64-bit and lose precision as JavaScript
 * numbers: they are turned into strings before parsing.
 */
export function tableFactsFromMetadata(table: string, text: string, version?: number): TableFacts {
  const safe = text.replace(/("(?:current-snapshot-id|snapshot-id|parent-snapshot-id)"\s*:\s*)(-?\d+)/g, '$1"$2"');
  const meta = JSON.parse(safe) as { 'current-snapshot-id'?: string; snapshots?: SnapshotJson[] };
  const snapshots = meta.snapshots ?? [];
  const current = snapshots.find((s) => String(s['snapshot-id']) === meta['current-snapshot-id']);
  const summary = current?.summary ?? {};
  return {
    table,
    exists: true,
    metadataVersion: version,
    records: Number(summary['total-records'] ?? 0),
    dataFiles: Number(summary['total-data-files'] ?? 0),
    snapshots: snapshots.length,
    committedAt: current?.['timestamp-ms'],
  };
}

/** lake.orders → lake/orders, where the Hadoop catalog keeps it under the warehouse. */
export function tablePath(table: string): string {
  return table.split('.').join('/');
}

/** The current metadata version: version-hint.text, else the highest vN.metadata.json listed. */
export function currentVersion(hint: string | undefined, names: string[]): number | undefined {
  const fromHint = hint !== undefined ? Number(hint.trim()) : Number.NaN;
  if (Number.isInteger(fromHint) && fromHint > 0 && names.includes(`v${fromHint}.metadata.json`)) return fromHint;
  const versions = names.map((n) => /^v(\d+)\.metadata\.json$/.exec(n)?.[1]).filter((v): v is string => v !== undefined);
  return versions.length > 0 ? Math.max(...versions.map(Number)) : undefined;
}

/** The warehouse's path inside HDFS (hdfs://host:port/warehouse → /warehouse). */
export function hdfsWarehousePath(warehouse: string): string {
  return new URL(warehouse).pathname;
}

/** Facts of one table of the lab; a missing table is `exists: false`, an unreachable lake throws. */
export async function readTableFacts(p: PipelinesSection, table: string, timeoutMs = 5000): Promise<TableFacts> {
  const missing: TableFacts = { table, exists: false, records: 0, dataFiles: 0, snapshots: 0 };
  if (p.lake.kind === 'local') {
    const dir = join(p.lake.localDir!, tablePath(table), 'metadata');
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return missing;
    }
    let hint: string | undefined;
    try {
      hint = readFileSync(join(dir, 'version-hint.text'), 'utf8');
    } catch {
      hint = undefined;
    }
    const v = currentVersion(hint, names);
    return v === undefined ? missing : tableFactsFromMetadata(table, readFileSync(join(dir, `v${v}.metadata.json`), 'utf8'), v);
  }
  const web = { baseUrl: `http://127.0.0.1:${p.lake.hdfs!.ports.http}`, user: 'root', timeoutMs };
  const dir = `${hdfsWarehousePath(p.lake.warehouse)}/${tablePath(table)}/metadata`;
  let names: string[];
  try {
    names = (await listStatus(web, dir)).map((s) => s.pathSuffix);
  } catch (err) {
    if ((err as { kind?: string }).kind === 'not-found') return missing;
    throw err;
  }
  const hint = names.includes('version-hint.text') ? (await readFile(web, `${dir}/version-hint.text`)).toString('utf8') : undefined;
  const v = currentVersion(hint, names);
  return v === undefined ? missing : tableFactsFromMetadata(table, (await readFile(web, `${dir}/v${v}.metadata.json`)).toString('utf8'), v);
}

/** The Parquet data files of a table (names and sizes), newest last. */
export async function listDataFiles(p: PipelinesSection, table: string): Promise<{ name: string; bytes: number }[]> {
  if (p.lake.kind === 'local') {
    const dir = join(p.lake.localDir!, tablePath(table), 'data');
    try {
      return readdirSync(dir)
        .filter((n) => n.endsWith('.parquet'))
        .sort()
        .map((name) => ({ name, bytes: readFileSync(join(dir, name)).length }));
    } catch {
      return [];
    }
  }
  const web = { baseUrl: `http://127.0.0.1:${p.lake.hdfs!.ports.http}`, user: 'root', timeoutMs: 5000 };
  try {
    return (await listStatus(web, `${hdfsWarehousePath(p.lake.warehouse)}/${tablePath(table)}/data`))
      .filter((s) => s.pathSuffix.endsWith('.parquet'))
      .sort((a, b) => a.modificationTime - b.modificationTime)
      .map((s) => ({ name: s.pathSuffix, bytes: s.length }));
  } catch {
    return [];
  }
}
