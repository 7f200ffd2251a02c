/**
 * Writes a generated lab to disk: refuses to overwrite without force, checks which of its
 * ports are already taken (a warning at scaffold time, a refusal at `cluster up`).
 */
import { chmodSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { KafkaLabError } from '../errors.js';
import { MANIFEST_FILE, type Scaffold } from './scaffold.js';
import { portIsFree } from '../util/ports.js';

export function writeScaffold(s: Scaffold, dir: string, force: boolean): void {
  if (existsSync(dir)) {
    const existing = readdirSync(dir);
    const generated = new Set(s.files.map((f) => f.name));
    const clashing = existing.filter((f) => generated.has(f));
    if (clashing.length > 0 && !force) {
      throw new KafkaLabError(`${dir} already holds a lab (${clashing.slice(0, 3).join(', ')}${clashing.length > 3 ? ', ...' : ''})`, {
        kind: 'already-exists',
        hint: 'Pass --force to overwrite it (its data directories are deleted too), or choose another --dir.',
      });
    }
    // old data would carry the previous cluster id and topics: a regenerated lab starts clean
    // (only in a folder that was a lab: never delete a data/ folder we did not make)
    if (force && existing.includes(MANIFEST_FILE)) {
      rmSync(join(dir, 'data'), { recursive: true, force: true });
      rmSync(join(dir, 'logs'), { recursive: true, force: true });
    }
  }
  mkdirSync(dir, { recursive: true });
  for (const f of s.files) {
    const path = join(dir, f.name);
    // a folder made for a secret (secrets/) is owner-only too
    if (!existsSync(dirname(path))) mkdirSync(dirname(path), { recursive: true, mode: f.mode !== undefined ? 0o700 : undefined });
    writeFileSync(path, f.content, { mode: f.mode });
    // writeFileSync's mode applies only to new files: an overwritten one keeps its old mode
    if (f.mode !== undefined) chmodSync(path, f.mode);
  }
}

export async function portsInUse(ports: { port: number; owner: string }[], host = '127.0.0.1'): Promise<{ port: number; owner: string }[]> {
  const used: { port: number; owner: string }[] = [];
  for (const p of ports) if (!(await portIsFree(p.port, host))) used.push(p);
  return used;
}
