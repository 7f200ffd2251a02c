/**
 * The design, checked file by file: commands, the lab and the demo reach server processes
 * only through the engine door (src/engine/index.ts), never through its parts; command
 * modules import statically (the registry already loads each one lazily); types come in by
 * `import type`, never as inline import('...') types; no `as unknown as` casts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src');

function filesUnder(dir: string): string[] {
  return readdirSync(join(SRC, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** Every module a file imports (static, dynamic and type-only), as paths relative to src/. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(SRC, file), 'utf8');
  const specs = [...text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)'(\.[^']+)'/g)].map((m) => m[1]!);
  return specs.map((s) => relative(SRC, resolve(SRC, dirname(file), s)).replace(/\.js$/, '.ts'));
}

describe('the engine door', () => {
  const callers = [
    ...filesUnder('commands'),
    ...filesUnder('cluster'),
    ...filesUnder('demo'),
    ...filesUnder('servers'),
    ...filesUnder('components'),
    ...filesUnder('devices'),
    ...filesUnder('pipelines'),
  ];

  it('is the only way commands, the lab and the demo reach engines and processes', () => {
    const reachArounds = callers.flatMap((f) =>
      importsOf(f)
        .filter((i) => i.startsWith('engine/') && i !== 'engine/index.ts')
        .concat(importsOf(f).filter((i) => i.startsWith('process/') && i !== 'process/log-lines.ts'))
        .map((i) => `${f} imports ${i}`),
    );
    expect(reachArounds).toEqual([]);
  });

  it('finds imports of every form', () => {
    expect(importsOf('commands/storage.ts')).toContain('engine/index.ts');
    expect(callers.length).toBeGreaterThan(20);
  });
});

const ruled = filesUnder('.').map((f) => f.replace(/^\.\//, ''));

function offenders(files: string[], pattern: RegExp): string[] {
  return files.filter((f) => pattern.test(readFileSync(join(SRC, f), 'utf8')));
}

describe('code rules', () => {
  it('covers the source tree', () => {
    expect(ruled.length).toBeGreaterThan(80);
  });

  it('command modules import statically: the registry already loads each one only when it runs', () => {
    const commands = ruled.filter((f) => f.startsWith('commands/') && f !== 'commands/registry.ts');
    expect(offenders(commands, /await import\(/)).toEqual([]);
  });

  it('no inline import(...) types, no `as unknown as`', () => {
    expect(offenders(ruled, /(?<!await )\bimport\('[^']+'\)/)).toEqual(['commands/registry.ts']); // the registry's lazy loaders
    expect(offenders(ruled, /as unknown as/)).toEqual([]);
  });
});
