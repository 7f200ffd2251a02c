import { startCommand } from './start-command.js';

export default startCommand({
  role: 'zookeeper',
  name: 'zookeeper-start',
  describe: 'Start ZooKeeper (zookeeper-server-start.sh); Kafka 3.9 and older only',
  configHelp: 'the ZooKeeper config (zookeeper.properties)',
  engineHelp: 'Kafka version whose ZooKeeper to run (3.x); default: the default engine',
  heapHelp: 'JVM heap, e.g. 256m (KAFKA_HEAP_OPTS wins; default -Xmx512M -Xms512M)',
  usage: 'kafka-lab zookeeper-start [-daemon] zookeeper.properties',
  examples: [
    ['kafka-lab zookeeper-start zookeeper.properties', 'ZooKeeper in the foreground (Ctrl-C stops it)'],
    ['kafka-lab zookeeper-start -daemon zookeeper.properties', 'in the background; prints pid, address and log file'],
  ],
});
