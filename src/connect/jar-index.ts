/**
 * The file names inside a jar (a zip), read from its central directory only, so that
 * kafka-lab can tell which plugin provides a connector class without starting a JVM.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

const EOCD_SIGNATURE = 0x06054b50;
const CDH_SIGNATURE = 0x02014b50;

/** Entry names from a central directory buffer (as found at `offset` within the file). */
export function centralDirectoryNames(cd: Buffer, count: number): string[] {
  const names: string[] = [];
  let p = 0;
  for (let i = 0; i < count && p + 46 <= cd.length; i++) {
    if (cd.readUInt32LE(p) !== CDH_SIGNATURE) break;
    const nameLen = cd.readUInt16LE(p + 28);
    const extraLen = cd.readUInt16LE(p + 30);
    const commentLen = cd.readUInt16LE(p + 32);
    names.push(cd.toString('utf8', p + 46, p + 46 + nameLen));
    p += 46 + nameLen + extraLen + commentLen;
  }
  return names;
}

/** Finds the end-of-central-directory record in the tail of a zip: { count, size, offset }. */
export function findEndOfCentralDirectory(tail: Buffer): { count: number; size: number; offset: number } | undefined {
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD_SIGNATURE) {
      return { count: tail.readUInt16LE(i + 10), size: tail.readUInt32LE(i + 12), offset: tail.readUInt32LE(i + 16) };
    }
  }
  return undefined;
}

/** Names of the entries of a jar; [] when it is not a readable zip. */
export function jarEntries(path: string): string[] {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const size = fstatSync(fd).size;
    const tailLen = Math.min(size, 65_557); // EOCD (22) + the longest comment
    const tail = Buffer.alloc(tailLen);
    readSync(fd, tail, 0, tailLen, size - tailLen);
    const eocd = findEndOfCentralDirectory(tail);
    if (!eocd || eocd.offset + eocd.size > size) return [];
    const cd = Buffer.alloc(eocd.size);
    readSync(fd, cd, 0, eocd.size, eocd.offset);
    return centralDirectoryNames(cd, eocd.count);
  } catch {
    return [];
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Fully qualified class names of the classes in a jar (nested classes left out). */
export function jarClasses(path: string): string[] {
  return jarEntries(path)
    .filter((n) => n.endsWith('.class') && !n.includes('$') && !n.startsWith('META-INF/'))
    .map((n) => n.slice(0, -'.class'.length).replace(/\//g, '.'));
}
