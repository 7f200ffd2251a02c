/**
 * How kafka-lab replaces one kafkajs 2.2.4 internal module: a module object with our exports is
 * put into the CommonJS require cache under the kafkajs file's path before kafkajs loads, so
 * kafkajs's own require() returns ours. Shared by every replacement (see kafkajs-patches.ts).
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export const requireCjs = createRequire(import.meta.url);

/** kafkajs's src/ folder, where the modules we replace live. */
export function kafkajsRoot(): string {
  return join(dirname(requireCjs.resolve('kafkajs')), 'src');
}

/** True when kafkajs already loaded that file: too late to replace it. */
export function alreadyLoaded(path: string): boolean {
  return requireCjs.cache[path] !== undefined;
}

/** Puts `exports` in the cache under `path`; false (nothing done) when the real file is loaded. */
export function putInCache(path: string, exports: unknown): boolean {
  if (alreadyLoaded(path)) return false;
  const Module = requireCjs('node:module') as { new (id: string): NodeJS.Module };
  const m = new Module(path);
  m.filename = path;
  m.loaded = true;
  m.exports = exports;
  requireCjs.cache[path] = m;
  return true;
}
