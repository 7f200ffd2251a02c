// An independent producer for end-to-end tests: Kafka's own Java producer from the engine jars,
// driven by lines on stdin, so tests can write exact records (partition, timestamp, null or
// binary keys and values, headers) and transactions that Kafka's console tools cannot.
// Run with the single-file source launcher: java -cp <engine libs> TestProducer.java <bootstrap> [key=value ...]
//
// Input lines (tab separated; bytes as hex, "-" for null):
//   send <topic> <partition|-1> <timestamp|-1> <key> <value> [<headerKeyHex>=<valueHex>,...]
//   begin | commit | abort      (transactions; needs transactional.id=...)
//   flush
// Prints "ok <count>" when every record was acknowledged; exits 1 with the error otherwise.
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

public class TestProducer {
  static byte[] bytes(String s) {
    return s.equals("-") ? null : HexFormat.of().parseHex(s);
  }

  public static void main(String[] args) throws Exception {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    for (int i = 1; i < args.length; i++) {
      int eq = args[i].indexOf('=');
      props.put(args[i].substring(0, eq), args[i].substring(eq + 1));
    }
    boolean transactional = props.containsKey(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
    List<Future<RecordMetadata>> pending = new ArrayList<>();
    int count = 0;
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
      if (transactional) producer.initTransactions();
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      for (String line; (line = in.readLine()) != null; ) {
        if (line.isEmpty()) continue;
        String[] f = line.split("\t", -1);
        switch (f[0]) {
          case "send" -> {
            RecordHeaders headers = new RecordHeaders();
            if (f.length > 6 && !f[6].isEmpty()) {
              for (String h : f[6].split(",")) {
                String[] kv = h.split("=", 2);
                headers.add(new String(bytes(kv[0]), StandardCharsets.UTF_8), bytes(kv[1]));
              }
            }
            int partition = Integer.parseInt(f[2]);
            long timestamp = Long.parseLong(f[3]);
            pending.add(
                producer.send(
                    new ProducerRecord<>(f[1], partition < 0 ? null : partition, timestamp < 0 ? null : timestamp, bytes(f[4]), bytes(f[5]), headers)));
            count++;
          }
          case "begin" -> producer.beginTransaction();
          case "commit" -> producer.commitTransaction();
          case "abort" -> {
            // written to the log first, so read_uncommitted readers see the aborted records
            producer.flush();
            producer.abortTransaction();
          }
          case "flush" -> producer.flush();
          default -> throw new IllegalArgumentException("unknown command: " + f[0]);
        }
      }
      producer.flush();
      // records of an aborted transaction were acknowledged when sent; a failed send throws here
      for (Future<RecordMetadata> p : pending) p.get();
    }
    System.out.println("ok " + count);
  }
}
