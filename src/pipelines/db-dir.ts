/**
 * Where a lab's database folder goes, and what a regenerated lab must clear. PostgreSQL refuses
 * to run as root: kafka-lab then runs it as the `postgres` user, which must reach its folder.
 * A lab under a folder closed to that user (e.g. /root/lake-lab) keeps its database in that
 * user's home instead, named after the lab.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { DbKind } from '../components/db/config.js';
import { serverUser, unreachableAncestor } from '../components/index.js';
import { MANIFEST_FILE } from '../cluster/scaffold.js';
import type { PipelinesSection } from './types.js';

export function labDbDir(kind: DbKind, labDir: string): string {
  const inside = join(labDir, 'db');
  const user = kind === 'postgres' ? serverUser('postgres') : undefined;
  if (!user || !unreachableAncestor(inside, user)) return inside;
  const id = createHash('sha256').update(labDir).digest('hex').slice(0, 8);
  return join(user.home, 'kafka-lab', 'labs', `${basename(labDir)}-${id}`);
}

/** The pipelines section of the lab already in a folder, if any. */
export function previousPipelines(dir: string): PipelinesSection | undefined {
  const path = join(dir, MANIFEST_FILE);
  if (!existsSync(path)) return undefined;
  try {
    return (JSON.parse(readFileSync(path, 'utf8')) as { pipelines?: PipelinesSection }).pipelines;
  } catch {
    return undefined;
  }
}

/** --force: the old lab's database, lake and mosquitto folders go, so the new lab starts clean. */
export function clearPrevious(previous: PipelinesSection, current: PipelinesSection): void {
  const dirs = [
    previous.db.dir,
    current.db.dir,
    previous.lake.hdfs?.dir,
    previous.lake.localDir,
    current.lake.hdfs?.dir,
    current.lake.localDir,
    previous.mqtt.dir,
  ];
  for (const d of new Set(dirs.filter((x): x is string => Boolean(x)))) rmSync(d, { recursive: true, force: true });
}
