import { KafkaLabError } from '../errors.js';
import { OUTPUT_FORMATS, present, type OutputFormat } from '../output/output.js';
import { ZkConnectionError } from '../zk/client.js';
import { fourLetterWord, notWhitelisted, parseSrvr } from '../zk/four-letter.js';
import { defineCommand } from './types.js';

export default defineCommand({
  command: 'zookeeper-status <server>',
  describe: "Is ZooKeeper up? Asks the four-letter words 'ruok' and 'srvr' and prints the answers readably",
  builder: (y) =>
    y
      .positional('server', { type: 'string', describe: 'ZooKeeper HOST:PORT' })
      .option('timeout', { type: 'number', default: 5000, describe: 'give up after this many ms' })
      .option('output', { alias: 'o', choices: OUTPUT_FORMATS, default: 'text' as OutputFormat, describe: 'text, table or json' })
      .example('kafka-lab zookeeper-status localhost:2181', 'imok, version, mode (standalone/leader/follower), connections, znode count'),
  handler: async (argv) => {
    const server = String(argv.server);
    let ruok: string;
    let srvr: string;
    try {
      ruok = (await fourLetterWord(server, 'ruok', argv.timeout)).trim();
      srvr = await fourLetterWord(server, 'srvr', argv.timeout);
    } catch (e) {
      if (e instanceof ZkConnectionError)
        throw new KafkaLabError(`ZooKeeper at ${server} is not answering: ${e.message}`, {
          kind: 'connection',
          hint: 'Start it (kafka-lab zookeeper-start -daemon zookeeper.properties; kafka-lab config print zookeeper writes one) or check HOST:PORT (clientPort, 2181 by default).',
        });
      throw e;
    }
    const whitelistHint = "Add '4lw.commands.whitelist=ruok,srvr' (or *) to zookeeper.properties and restart ZooKeeper.";
    if (notWhitelisted(ruok) && notWhitelisted(srvr)) {
      throw new KafkaLabError(`ZooKeeper at ${server} is up but refuses four-letter words: ${ruok}`, { kind: 'unsupported', hint: whitelistHint });
    }
    const s = parseSrvr(srvr);
    // ZooKeeper answers srvr by default but ruok only when whitelisted: a server that reports its mode is up either way
    const ruokRefused = notWhitelisted(ruok);
    const ok = ruok === 'imok' || (ruokRefused && s.mode !== undefined);
    const rows: [string, string][] = [
      ['ruok', notWhitelisted(ruok) ? 'not whitelisted' : ruok || '(no answer)'],
      ['version', s.version ?? '-'],
      ['mode', s.mode ?? '-'],
      ['latency min/avg/max (ms)', s.latency ? `${s.latency.min}/${s.latency.avg}/${s.latency.max}` : '-'],
      ['connections', String(s.connections ?? '-')],
      ['outstanding requests', String(s.outstanding ?? '-')],
      ['packets received/sent', `${s.received ?? '-'}/${s.sent ?? '-'}`],
      ['last zxid', s.zxid ?? '-'],
      ['znodes', String(s.nodeCount ?? '-')],
    ];
    const width = Math.max(...rows.map(([k]) => k.length)) + 2;
    present(argv.output, {
      text: () =>
        [
          ruok === 'imok'
            ? `ZooKeeper at ${server} is up (ruok → imok)`
            : ok
              ? `ZooKeeper at ${server} is up (srvr answered; ruok is not whitelisted: ${whitelistHint})`
              : `ZooKeeper at ${server} answered ruok with '${ruok || '(nothing)'}'`,
          ...rows.slice(1).map(([k, v]) => `  ${(`${k}:`).padEnd(width)}${v}`),
          ...(notWhitelisted(srvr) ? [`  srvr: not whitelisted (${whitelistHint})`] : []),
        ].join('\n'),
      table: () => ({ head: ['', server], rows }),
      json: () => ({ server, ok, ruok, srvr: { ...s, raw: srvr } }),
    });
    return ok ? 0 : 1;
  },
});
