/**
 * Which operating-system user a server runs as, and whether that user can reach its folder.
 * PostgreSQL refuses to run as root: when kafka-lab runs as root it starts PostgreSQL as the
 * `postgres` user (spawned with that uid, so the pid we track is the server's own), in a
 * folder that user must be able to reach.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { KafkaLabError } from '../errors.js';

export interface OsUser {
  name: string;
  uid: number;
  gid: number;
  home: string;
}

/** Parses one user out of /etc/passwd text. */
export function parsePasswd(text: string, name: string): OsUser | undefined {
  for (const line of text.split('\n')) {
    const f = line.split(':');
    if (f[0] === name && f.length >= 7) return { name, uid: Number(f[2]), gid: Number(f[3]), home: f[5] ?? '/' };
  }
  return undefined;
}

/** Supplementary group ids of a user, from /etc/group text. */
export function parseGroups(text: string, name: string): number[] {
  const gids: number[] = [];
  for (const line of text.split('\n')) {
    const f = line.split(':');
    if (f.length >= 4 && (f[3] ?? '').split(',').includes(name)) gids.push(Number(f[2]));
  }
  return gids;
}

export function lookupUser(name: string): OsUser | undefined {
  try {
    return parsePasswd(readFileSync('/etc/passwd', 'utf8'), name);
  } catch {
    return undefined;
  }
}

function groupsOf(user: OsUser): number[] {
  try {
    return [user.gid, ...parseGroups(readFileSync('/etc/group', 'utf8'), user.name)];
  } catch {
    return [user.gid];
  }
}

/** Can a user with uid/gids pass through (x) a folder with this mode and owner? */
export function canTraverse(mode: number, owner: number, group: number, uid: number, gids: number[]): boolean {
  if (uid === 0) return true;
  if (owner === uid) return (mode & 0o100) !== 0;
  if (gids.includes(group)) return (mode & 0o010) !== 0;
  return (mode & 0o001) !== 0;
}

/** The first existing folder on the way to `path` that `user` cannot pass through, if any. */
export function unreachableAncestor(path: string, user: OsUser): string | undefined {
  const gids = groupsOf(user);
  const chain: string[] = [];
  for (let p = resolve(path); ; p = dirname(p)) {
    chain.unshift(p);
    if (dirname(p) === p) break;
  }
  for (const p of chain) {
    if (!existsSync(p)) return undefined; // kafka-lab creates the rest itself
    const st = statSync(p);
    if (!st.isDirectory()) return undefined;
    if (!canTraverse(st.mode, st.uid, st.gid, user.uid, gids)) return p;
  }
  return undefined;
}

/** The user a server runs as: ourselves, or (as root, for servers that refuse root) a named user. */
export function serverUser(refusesRoot: string | undefined): OsUser | undefined {
  const uid = process.getuid?.() ?? -1;
  if (uid !== 0 || !refusesRoot) return undefined;
  const user = lookupUser(refusesRoot);
  if (!user)
    throw new KafkaLabError(`kafka-lab runs as root, and there is no '${refusesRoot}' user to run the server as`, {
      kind: 'process',
      hint: `The server refuses to run as root; installing its package creates the user (apt-get install postgresql), or: useradd --system ${refusesRoot}`,
    });
  return user;
}

/** The name of a uid from /etc/passwd, else "uid N". */
export function userNameOf(uid: number): string {
  try {
    const line = readFileSync('/etc/passwd', 'utf8')
      .split('\n')
      .find((l) => l.split(':')[2] === String(uid));
    if (line) return line.split(':')[0]!;
  } catch {
    /* no /etc/passwd */
  }
  return `uid ${uid}`;
}

export function currentUserName(): string {
  const name = userNameOf(process.getuid?.() ?? -1);
  return name.startsWith('uid ') ? (process.env.USER ?? 'root') : name;
}
