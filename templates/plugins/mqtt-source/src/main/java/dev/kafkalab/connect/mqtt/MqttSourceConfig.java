package dev.kafkalab.connect.mqtt;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.types.Password;

/** Settings of the MQTT source connector; the names are what users put in a connector config. */
public class MqttSourceConfig extends AbstractConfig {
  public static final String SERVER_URI = "mqtt.server.uri";
  public static final String TOPICS = "mqtt.topics";
  public static final String KAFKA_TOPIC = "kafka.topic";
  public static final String QOS = "mqtt.qos";
  public static final String CLIENT_ID = "mqtt.client.id";
  public static final String CLEAN_SESSION = "mqtt.clean.session";
  public static final String USERNAME = "mqtt.username";
  public static final String PASSWORD = "mqtt.password";
  public static final String KEEPALIVE = "mqtt.keepalive.seconds";
  public static final String CONNECT_TIMEOUT = "mqtt.connection.timeout.seconds";
  public static final String BATCH_SIZE = "batch.size";
  public static final String POLL_TIMEOUT = "poll.timeout.ms";
  public static final String QUEUE_SIZE = "queue.size";

  public static final ConfigDef DEF =
      new ConfigDef()
          .define(SERVER_URI, Type.STRING, Importance.HIGH, "MQTT broker, e.g. tcp://127.0.0.1:1883")
          .define(TOPICS, Type.LIST, Importance.HIGH, "MQTT topic filters to subscribe to (+ and # wildcards), comma-separated")
          .define(KAFKA_TOPIC, Type.STRING, Importance.HIGH, "Kafka topic every MQTT message is written to")
          .define(QOS, Type.INT, 1, Range.between(0, 2), Importance.MEDIUM,
              "Subscription QoS. 0: at most once. 1 or 2: a message is acknowledged to the MQTT broker only after Kafka acknowledged its record (at least once)")
          .define(CLIENT_ID, Type.STRING, "", Importance.MEDIUM,
              "MQTT client id (default kafka-lab-<connector>-<task>); keep it stable so the broker keeps the session across restarts")
          .define(CLEAN_SESSION, Type.BOOLEAN, false, Importance.MEDIUM,
              "Start a clean MQTT session. false keeps subscriptions and queued QoS 1/2 messages on the broker while the task is down")
          .define(USERNAME, Type.STRING, "", Importance.LOW, "MQTT user name (empty: anonymous)")
          .define(PASSWORD, Type.PASSWORD, "", Importance.LOW, "MQTT password")
          .define(KEEPALIVE, Type.INT, 30, Range.atLeast(0), Importance.LOW, "MQTT keep-alive interval")
          .define(CONNECT_TIMEOUT, Type.INT, 10, Range.atLeast(1), Importance.LOW, "How long to wait for the MQTT broker when connecting")
          .define(BATCH_SIZE, Type.INT, 500, Range.atLeast(1), Importance.LOW, "Most records returned by one poll")
          .define(POLL_TIMEOUT, Type.LONG, 500L, Range.atLeast(1), Importance.LOW, "How long one poll waits for the first message")
          .define(QUEUE_SIZE, Type.INT, 10000, Range.atLeast(1), Importance.LOW,
              "Messages buffered between the MQTT client and Kafka; when full, the MQTT client waits");

  public MqttSourceConfig(Map<String, String> props) {
    super(DEF, props);
  }

  public String serverUri() {
    return getString(SERVER_URI);
  }

  public List<String> topics() {
    return getList(TOPICS);
  }

  public String kafkaTopic() {
    return getString(KAFKA_TOPIC);
  }

  public int qos() {
    return getInt(QOS);
  }

  public String clientId() {
    return getString(CLIENT_ID);
  }

  public boolean cleanSession() {
    return getBoolean(CLEAN_SESSION);
  }

  public String username() {
    return getString(USERNAME);
  }

  public Password password() {
    return getPassword(PASSWORD);
  }
}
