/** The bash script end to end: bash runs the completion function, which calls the built binary. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { createTopic } from '../../helpers/client.js';
import { BIN, runCli } from '../../helpers/cli.js';

const bootstrap = inject('bootstrap');
const topic = `completion-${Date.now().toString(36)}`;
let script = '';

/** Simulates pressing TAB after `line` in bash and returns COMPREPLY. */
function bashComplete(line: string): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'kafka-lab-compl-'));
  const bin = join(dir, 'kafka-lab');
  writeFileSync(bin, `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`, { mode: 0o755 });
  const driver = `
${script}
COMP_LINE=${JSON.stringify(line)}
COMP_POINT=\${#COMP_LINE}
read -ra COMP_WORDS <<< "$COMP_LINE"
[[ "$COMP_LINE" == *" " ]] && COMP_WORDS+=("")
COMP_CWORD=$(( \${#COMP_WORDS[@]} - 1 ))
_kafka_lab_complete
printf '%s\\n' "\${COMPREPLY[@]}"
`;
  const r = spawnSync('bash', ['-c', driver], { encoding: 'utf8', env: { ...process.env, PATH: `${dir}:${process.env.PATH}` }, timeout: 20_000 });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout.split('\n').filter((l) => l.length > 0);
}

beforeAll(async () => {
  const r = await runCli(['completion', 'bash']);
  expect(r.exitCode).toBe(0);
  script = r.stdout;
  await createTopic(bootstrap, topic);
});

describe('bash completion through the generated script', () => {
  it('completes `kafka-lab top` to topics', () => {
    expect(bashComplete('kafka-lab top')).toEqual(['topics']);
  });

  it('completes flags of a command', () => {
    expect(bashComplete('kafka-lab dump-log --print')).toEqual(['--print-data-log']);
  });

  it('completes topic names live from the broker', () => {
    expect(bashComplete(`kafka-lab topics --bootstrap-server ${bootstrap} --describe --topic completion-`)).toContain(topic);
  });

  it('gives up quickly when no broker answers', () => {
    const start = Date.now();
    expect(bashComplete('kafka-lab topics --bootstrap-server 127.0.0.1:1 --topic x')).toEqual([]);
    expect(Date.now() - start).toBeLessThan(5000);
  });
});
