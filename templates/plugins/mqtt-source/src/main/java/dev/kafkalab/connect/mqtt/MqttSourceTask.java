package dev.kafkalab.connect.mqtt;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One MQTT subscription turned into Kafka records.
 *
 * <p>Guarantees: with QoS 1 or 2 the client acknowledges a message to the MQTT broker only once
 * Kafka has acknowledged its record (commitRecord), and the session is kept (clean session
 * false), so a message the task received but had not written is delivered again after a
 * restart: at least once, duplicates possible. With QoS 0 a message in flight when the task
 * stops is lost: at most once. Order is kept per MQTT topic within one task. MQTT has no
 * replay, so the stored offset (a per-topic message counter) only records progress.
 */
public class MqttSourceTask extends SourceTask implements MqttCallbackExtended {
  static final String TASK_INDEX = "task.index";
  static final String PARTITION_KEY = "mqtt.topic";
  static final String OFFSET_KEY = "count";
  private static final Logger log = LoggerFactory.getLogger(MqttSourceTask.class);

  private MqttSourceConfig config;
  private MqttClient client;
  private BlockingQueue<Received> queue;
  private final Map<String, Long> counters = new ConcurrentHashMap<>();
  private String[] filters;
  private int[] qos;
  private volatile boolean stopping;

  private static final class Received {
    final String topic;
    final MqttMessage message;

    Received(String topic, MqttMessage message) {
      this.topic = topic;
      this.message = message;
    }
  }

  @Override
  public String version() {
    return MqttSourceConnector.VERSION;
  }

  @Override
  public void start(Map<String, String> props) {
    config = new MqttSourceConfig(props);
    queue = new ArrayBlockingQueue<>(config.getInt(MqttSourceConfig.QUEUE_SIZE));
    filters = config.topics().toArray(new String[0]);
    qos = new int[filters.length];
    java.util.Arrays.fill(qos, config.qos());
    String clientId = config.clientId();
    if (clientId.isEmpty()) clientId = "kafka-lab-" + props.getOrDefault("name", "mqtt") + "-" + props.getOrDefault(TASK_INDEX, "0");
    try {
      client = new MqttClient(config.serverUri(), clientId, new MemoryPersistence());
      client.setCallback(this);
      // acknowledge only after Kafka has the record (see commitRecord)
      client.setManualAcks(true);
      MqttConnectOptions opts = new MqttConnectOptions();
      opts.setCleanSession(config.cleanSession());
      opts.setAutomaticReconnect(true);
      opts.setKeepAliveInterval(config.getInt(MqttSourceConfig.KEEPALIVE));
      opts.setConnectionTimeout(config.getInt(MqttSourceConfig.CONNECT_TIMEOUT));
      if (!config.username().isEmpty()) {
        opts.setUserName(config.username());
        opts.setPassword(config.password().value().toCharArray());
      }
      client.connect(opts);
      client.subscribe(filters, qos);
      log.info("MQTT source task {} subscribed to {} on {} (QoS {})", clientId, String.join(",", filters), config.serverUri(), config.qos());
    } catch (MqttException e) {
      throw new ConnectException("cannot connect to the MQTT broker " + config.serverUri() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void connectComplete(boolean reconnect, String serverURI) {
    if (!reconnect) return;
    try {
      client.subscribe(filters, qos);
      log.info("MQTT source reconnected to {}", serverURI);
    } catch (MqttException e) {
      log.warn("resubscribing after a reconnect failed: {}", e.getMessage());
    }
  }

  @Override
  public void connectionLost(Throwable cause) {
    if (!stopping) log.warn("MQTT connection lost ({}); reconnecting", cause == null ? "unknown cause" : cause.getMessage());
  }

  @Override
  public void messageArrived(String topic, MqttMessage message) throws Exception {
    // blocks Paho's receiving thread when the queue is full: back-pressure towards the broker
    while (!stopping && !queue.offer(new Received(topic, message), 100, TimeUnit.MILLISECONDS)) {}
  }

  @Override
  public void deliveryComplete(IMqttDeliveryToken token) {}

  @Override
  public List<SourceRecord> poll() throws InterruptedException {
    Received first = queue.poll(config.getLong(MqttSourceConfig.POLL_TIMEOUT), TimeUnit.MILLISECONDS);
    if (first == null) return null;
    List<Received> batch = new ArrayList<>();
    batch.add(first);
    queue.drainTo(batch, config.getInt(MqttSourceConfig.BATCH_SIZE) - 1);
    List<SourceRecord> records = new ArrayList<>(batch.size());
    for (Received r : batch) records.add(toRecord(r));
    return records;
  }

  private SourceRecord toRecord(Received r) {
    long count = counters.computeIfAbsent(r.topic, this::storedCount) + 1;
    counters.put(r.topic, count);
    ConnectHeaders headers = new ConnectHeaders();
    headers.addInt("mqtt.qos", r.message.getQos());
    headers.addBoolean("mqtt.retained", r.message.isRetained());
    headers.addBoolean("mqtt.duplicate", r.message.isDuplicate());
    headers.addInt("mqtt.message.id", r.message.getId());
    return new SourceRecord(
        Collections.singletonMap(PARTITION_KEY, r.topic),
        Collections.singletonMap(OFFSET_KEY, count),
        config.kafkaTopic(),
        null,
        Schema.STRING_SCHEMA,
        r.topic,
        Schema.BYTES_SCHEMA,
        r.message.getPayload(),
        System.currentTimeMillis(),
        headers);
  }

  /** The counter Connect stored for a topic on an earlier run (0 when none). */
  private long storedCount(String topic) {
    try {
      Map<String, Object> offset = context.offsetStorageReader().offset(Collections.singletonMap(PARTITION_KEY, topic));
      Object c = offset == null ? null : offset.get(OFFSET_KEY);
      return c instanceof Number ? ((Number) c).longValue() : 0L;
    } catch (RuntimeException e) {
      return 0L;
    }
  }

  @Override
  public void commitRecord(SourceRecord record, RecordMetadata metadata) {
    if (metadata == null) return; // dropped by a transform or an error tolerance: nothing to acknowledge yet
    Object id = record.headers().lastWithName("mqtt.message.id").value();
    Object q = record.headers().lastWithName("mqtt.qos").value();
    int qosValue = q instanceof Number ? ((Number) q).intValue() : 0;
    if (qosValue == 0 || !(id instanceof Number)) return;
    try {
      client.messageArrivedComplete(((Number) id).intValue(), qosValue);
    } catch (MqttException e) {
      // the broker sends it again after a reconnect: a duplicate, never a loss
      log.warn("acknowledging MQTT message {} failed: {}", id, e.getMessage());
    }
  }

  @Override
  public void stop() {
    stopping = true;
    if (client == null) return;
    try {
      if (client.isConnected()) client.disconnect(2000);
    } catch (MqttException e) {
      log.debug("MQTT disconnect: {}", e.getMessage());
    }
    try {
      client.close();
    } catch (MqttException e) {
      log.debug("MQTT close: {}", e.getMessage());
    }
  }
}
