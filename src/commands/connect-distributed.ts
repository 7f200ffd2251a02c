import { connectWorkerCommand } from './connect-worker-command.js';

export default connectWorkerCommand('distributed', {
  describe: 'Start a Kafka Connect worker in distributed mode (connect-distributed.sh): connectors over REST, state in Kafka topics',
  usage: 'kafka-lab connect-distributed [-daemon] worker.properties',
  examples: [
    ['kafka-lab config print connect-distributed > worker.properties', 'a worker config whose plugin.path is kafka-lab’s plugin folder'],
    ['kafka-lab connect-distributed -daemon worker.properties', 'in the background; returns when the REST API answers'],
    ['kafka-lab connect apply -f file-sink.json', 'then create connectors over REST'],
  ],
});
