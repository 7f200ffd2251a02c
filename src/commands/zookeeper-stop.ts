import { KafkaLabError } from '../errors.js';
import { out, warn } from '../output/output.js';
import { describeStop, runningServers, stopSelected } from '../servers/stop.js';
import { defineCommand } from './types.js';

export default defineCommand({
  command: 'zookeeper-stop',
  describe: 'Stop ZooKeeper started by kafka-lab (zookeeper-server-stop.sh), by pid file',
  builder: (y) =>
    y
      .option('timeout', { type: 'number', default: 30_000, describe: 'ms to wait after SIGTERM before SIGKILL' })
      .example('kafka-lab zookeeper-stop', 'stop the ZooKeeper kafka-lab started (stop the brokers first)'),
  handler: async (argv) => {
    const running = await runningServers();
    for (const s of running.filter((r) => !r.alive && r.role === 'zookeeper')) warn(`removed stale pid file of ZooKeeper (pid ${s.pid} is gone)`);
    const zk = running.filter((s) => s.role === 'zookeeper' && s.alive);
    if (zk.length === 0)
      throw new KafkaLabError('No zookeeper server to stop', {
        kind: 'not-found',
        hint: 'kafka-lab only stops a ZooKeeper it started (kafka-lab zookeeper-start).',
      });
    const brokers = running.filter((s) => s.role === 'broker' && s.alive);
    if (brokers.length > 0) warn(`${brokers.length} broker(s) still running; in ZooKeeper mode they lose their cluster (kafka-lab server-stop --all first)`);
    for (const r of await stopSelected(zk, argv.timeout, warn)) out(describeStop(r));
  },
});
