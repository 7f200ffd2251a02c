/**
 * The README stays true: every command of the registry has a row with an example in its
 * command table, the table names no command that does not exist, and the lists of Kafka's
 * scripts mirrored / not mirrored are exactly what the registry answers.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS, findCommand } from '../../src/commands/registry.js';
import { KAFKA_SCRIPTS } from '../../src/kafka-scripts.js';

const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');

/** The rows of the table under "## Commands": command name → its example cell. */
function commandTable(): Map<string, string> {
  const section = readme.slice(readme.indexOf('## Commands'), readme.indexOf('### Kafka'));
  const rows = new Map<string, string>();
  for (const line of section.split('\n')) {
    const m = /^\| `([a-z0-9-]+)` \| (.+?) \| (.+?) \|$/.exec(line);
    if (m) rows.set(m[1]!, m[2]!);
  }
  return rows;
}

/** The backticked names after "Mirrored (N):" or "Not mirrored (N):", and N. */
function scriptList(label: string): { count: number; names: string[] } {
  const m = new RegExp(`^${label} \\((\\d+)\\): (.+?)\\.(?: |$)`, 'm').exec(readme);
  if (!m) throw new Error(`README has no "${label} (N):" list`);
  return { count: Number(m[1]), names: [...m[2]!.matchAll(/`([^`]+)`/g)].map((x) => x[1]!) };
}

describe('README', () => {
  it('has a row with an example for every command, and none for a command that does not exist', () => {
    const rows = commandTable();
    for (const c of COMMANDS) {
      expect(rows.has(c.name), `README's command table has no row for ${c.name}`).toBe(true);
      expect(rows.get(c.name), c.name).toMatch(new RegExp(`kafka-lab ${c.name}[ \`]`));
    }
    for (const name of rows.keys()) expect(findCommand(name), `README names '${name}'`).toBeDefined();
  });

  it('lists exactly the Kafka scripts the registry mirrors, and the others as not mirrored', () => {
    const mirrored = KAFKA_SCRIPTS.filter((s) => findCommand(`${s.name}.sh`) || findCommand(s.name)).map((s) => s.name);
    const others = KAFKA_SCRIPTS.map((s) => s.name).filter((n) => !mirrored.includes(n));
    const listed = scriptList('Mirrored');
    const notListed = scriptList('Not mirrored');
    expect(listed.names.sort()).toEqual([...mirrored].sort());
    expect(listed.count).toBe(mirrored.length);
    expect(notListed.names.sort()).toEqual([...others].sort());
    expect(notListed.count).toBe(others.length);
  });

  it('names the mirrored script in the row of the command that mirrors it', () => {
    const section = readme.slice(readme.indexOf('## Commands'), readme.indexOf('### Kafka'));
    for (const s of KAFKA_SCRIPTS) {
      const c = findCommand(`${s.name}.sh`) ?? findCommand(s.name);
      if (!c) continue;
      const row = section.split('\n').find((l) => l.startsWith(`| \`${c.name}\` |`));
      expect(row, `${s.name} → ${c.name}`).toContain(`\`${s.name}.sh\``);
    }
  });
});
