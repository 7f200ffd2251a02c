import { createInterface } from 'node:readline';
import { KafkaLabError, UsageError } from '../errors.js';
import { info, out } from '../output/output.js';
import { ZkClient, ZkConnectionError, ZkError } from '../zk/client.js';
import { ShellUsageError, runShellCommand, splitCommand } from '../zk/shell.js';
import { defineCommand } from './types.js';

export default defineCommand({
  command: 'zookeeper-shell <server> [command..]',
  describe: 'Browse ZooKeeper like zookeeper-shell.sh: ls, get, stat (one-shot with a command, interactive without)',
  builder: (y) =>
    y
      .positional('server', { type: 'string', describe: 'ZooKeeper HOST:PORT[/chroot]' })
      .positional('command', { type: 'string', array: true, describe: 'ls [-s] PATH | get [-s] PATH | stat PATH' })
      .option('timeout', { type: 'number', default: 5000, describe: 'give up connecting after this many ms' })
      // ZooKeeperMain's per-command flags, read by yargs as options and handed back to the command
      .option('s', { type: 'boolean', hidden: true, describe: 'ls/get: also print the stat' })
      .option('w', { type: 'boolean', hidden: true, describe: 'accepted for compatibility; watches are not kept' })
      .example('kafka-lab zookeeper-shell localhost:2181 ls /brokers/ids', 'the ids of the live brokers, e.g. [0, 1, 2]')
      .example('kafka-lab zookeeper-shell localhost:2181 get /controller', 'which broker is the controller')
      .example('kafka-lab zookeeper-shell localhost:2181', 'interactive shell (type help)'),
  handler: async (argv, io) => {
    const server = String(argv.server);
    const words = (argv.command ?? []).map(String);
    if (argv.s && words.length > 0) words.splice(1, 0, '-s');
    info(`Connecting to ${server}`);
    let zk: ZkClient;
    try {
      zk = await ZkClient.connect(server, { timeoutMs: argv.timeout });
    } catch (e) {
      if (e instanceof ZkConnectionError) {
        throw new KafkaLabError(e.message, {
          kind: 'connection',
          hint: 'Check HOST:PORT (ZooKeeper listens on clientPort, 2181 by default); kafka-lab zookeeper-status tells whether it is up.',
        });
      }
      throw e;
    }
    try {
      if (words.length > 0) {
        try {
          out(await runShellCommand(zk, words));
        } catch (e) {
          if (e instanceof ZkError)
            throw new KafkaLabError(e.message, { kind: 'not-found', hint: `kafka-lab zookeeper-shell ${server} ls / lists the top-level nodes.` });
          if (e instanceof ShellUsageError) throw new UsageError(e.message, 'Commands: ls [-s] PATH, get [-s] PATH, stat PATH.');
          throw e;
        }
        return;
      }
      if (!io.stdin.isTTY) {
        // piped commands, one per line, like `echo "ls /" | zookeeper-shell.sh host:port`
        for await (const line of createInterface({ input: io.stdin })) {
          const w = splitCommand(line);
          if (w.length === 0) continue;
          if (w[0] === 'quit' || w[0] === 'exit') break;
          await runOne(w);
        }
        return;
      }
      await interactive(server);
    } finally {
      await zk.close();
    }

    async function runOne(w: string[]): Promise<void> {
      try {
        io.stdout.write(await runShellCommand(zk, w));
      } catch (e) {
        if (e instanceof ZkError || e instanceof ShellUsageError) io.stderr.write(`${e.message}\n`);
        else if (e instanceof ZkConnectionError)
          throw new KafkaLabError(e.message, { kind: 'connection', hint: 'ZooKeeper went away; start it again and reconnect.' });
        else throw e;
      }
    }

    async function interactive(address: string): Promise<void> {
      const rl = createInterface({ input: io.stdin, output: io.stdout, terminal: true });
      let n = 0;
      const prompt = () => rl.setPrompt(`[zk: ${address}(CONNECTED) ${n++}] `);
      out('Read-only ZooKeeper shell: ls [-s] PATH, get [-s] PATH, stat PATH, help, quit');
      prompt();
      rl.prompt();
      for await (const line of rl) {
        const w = splitCommand(line);
        if (w[0] === 'quit' || w[0] === 'exit') break;
        if (w.length > 0) await runOne(w);
        prompt();
        rl.prompt();
      }
      rl.close();
    }
  },
});
