/** The classpath of an engine: every jar in its libs/ folder, like kafka-run-class.sh. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { currentEnv } from '../../output/io.js';

/** Jars kafka-run-class.sh leaves out of a release classpath. */
const EXCLUDED = /-(test|test-sources|src|scaladoc|javadoc)\.jar$|^connect-file.*\.jar$/;

export function classpathEntries(libsDir: string, fileNames: string[], classpathEnv?: string): string[] {
  const jars = fileNames
    .filter((f) => f.endsWith('.jar') && !EXCLUDED.test(f))
    .sort()
    .map((f) => join(libsDir, f));
  const prefix = (classpathEnv ?? '').split(':').filter((s) => s.length > 0);
  return [...prefix, ...jars];
}

export function buildClasspath(libsDir: string, env: NodeJS.ProcessEnv = currentEnv()): string {
  return classpathEntries(libsDir, readdirSync(libsDir), env.CLASSPATH).join(':');
}

/** Reads the Kafka version from the jar names of a libs folder (kafka-clients-X.jar). */
export function versionFromJars(fileNames: string[]): string | undefined {
  for (const f of fileNames) {
    const m = /^kafka-clients-(\d+\.\d+\.\d+[^/]*)\.jar$/.exec(f);
    if (m && !EXCLUDED.test(f)) return m[1];
  }
  return undefined;
}
