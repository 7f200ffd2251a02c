/**
 * The answer to a command name kafka-lab does not know. One of Kafka's own scripts that
 * kafka-lab does not mirror gets the exact line that runs Kafka's tool from the installed
 * engine (kafka-lab kafka-run-class ...), never a look-alike command; anything else gets the
 * nearest command name.
 */
import { UsageError } from '../errors.js';
import { kafkaScript, scriptClass, shellWord, type KafkaScript } from '../kafka-scripts.js';
import { nearest } from '../util/suggest.js';
import { COMMANDS } from './registry.js';

export interface EngineChoice {
  version: string;
  isDefault: boolean;
}

/** The kafka-run-class line for a script, on the default engine when it has the class, else on one that has. */
export function runClassLine(script: KafkaScript, args: string[], engines: EngineChoice[]): { line?: string; needs?: string } {
  const def = engines.find((e) => e.isDefault) ?? engines[engines.length - 1];
  const tail = args.length > 0 ? ` ${args.map(shellWord).join(' ')}` : '';
  if (def && scriptClass(script, def.version)) return { line: `kafka-lab kafka-run-class ${scriptClass(script, def.version)}${tail}` };
  const other = [...engines].reverse().find((e) => scriptClass(script, e.version));
  if (other) return { line: `kafka-lab kafka-run-class --engine ${other.version} ${scriptClass(script, other.version)}${tail}` };
  // no installed engine has it: name the Kafka line that does
  return { needs: script.class4 ? `Kafka ${script.since ?? '4.0'} or later` : 'Kafka 3.9 (Kafka 4.0 removed it)' };
}

export function notMirroredError(typed: string, script: KafkaScript, args: string[], engines: EngineChoice[]): UsageError {
  const message = `${typed} is not mirrored by kafka-lab`;
  const cls = script.class4 ?? script.class39;
  const tail = args.length > 0 ? ` ${args.map(shellWord).join(' ')}` : '';
  const version = (engines.find((e) => e.isDefault) ?? engines[engines.length - 1])?.version ?? '3.9.2';
  if (script.missingJar) {
    if (!cls)
      return new UsageError(
        `${message}, and its jar (${script.missingJar}) is not in kafka-lab's engine`,
        `It is ${script.note ?? 'not a client tool'}: run it from a Kafka distribution (bin/${script.name}.sh).`,
      );
    return new UsageError(
      `${message}, and its class ${cls} is not in kafka-lab's engine`,
      `Get org.apache.kafka:${script.missingJar}:${version} from Maven Central, then: CLASSPATH=/path/to/${script.missingJar}-${version}.jar kafka-lab kafka-run-class ${cls}${tail}`,
    );
  }
  if (!cls) return new UsageError(`${message} (${script.note ?? 'it runs no tool class'})`, 'kafka-lab --help lists what kafka-lab does.');
  const { line, needs } = runClassLine(script, args, engines);
  if (line) return new UsageError(message, `Kafka's own tool runs from the installed engine: ${line}`);
  const wanted = script.class4 ? '4.1.2' : '3.9.2';
  return new UsageError(
    message,
    `It is in ${needs}: kafka-lab engine install --version ${wanted}, then kafka-lab kafka-run-class --engine ${wanted} ${scriptClass(script, wanted)}${tail}`,
  );
}

/**
 * The usage error for an unknown command name (args: what followed it on the command line).
 * installedEngines is asked only for one of Kafka's scripts: a misspelt command costs no engine lookup.
 */
export async function unknownCommandError(name: string, args: string[], installedEngines: () => Promise<EngineChoice[]>): Promise<UsageError> {
  const script = kafkaScript(name);
  if (script) {
    const engines = await installedEngines().catch(() => []);
    return notMirroredError(name.replace(/^.*\//, ''), script, args, engines);
  }
  const names = COMMANDS.flatMap((c) => [c.name, ...(c.aliases ?? [])]);
  // a stray value (kafka-lab --partitions 3) is no misspelt command
  const guess = !/[a-z]/i.test(name)
    ? undefined
    : (nearest(
        name.replace(/\.sh$/, '').replace(/^kafka-/, ''),
        COMMANDS.map((c) => c.name),
      ) ?? nearest(name, names));
  return new UsageError(
    `unknown command '${name}'`,
    guess ? `did you mean 'kafka-lab ${guess}'? (kafka-lab --help lists every command)` : 'kafka-lab --help lists every command.',
  );
}
