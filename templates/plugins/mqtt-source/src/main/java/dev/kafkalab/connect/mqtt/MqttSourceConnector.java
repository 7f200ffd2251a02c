package dev.kafkalab.connect.mqtt;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;

/**
 * Copies MQTT messages into one Kafka topic: key = MQTT topic, value = payload bytes.
 * The topic filters are shared out among the tasks (a filter is never subscribed twice,
 * which would copy each message twice).
 */
public class MqttSourceConnector extends SourceConnector {
  static final String VERSION = "0.1.0";
  private Map<String, String> props;

  @Override
  public String version() {
    return VERSION;
  }

  @Override
  public void start(Map<String, String> props) {
    new MqttSourceConfig(props); // fail fast on a bad config
    this.props = new HashMap<>(props);
  }

  @Override
  public Class<? extends Task> taskClass() {
    return MqttSourceTask.class;
  }

  @Override
  public List<Map<String, String>> taskConfigs(int maxTasks) {
    List<String> filters = new MqttSourceConfig(props).topics();
    int n = Math.max(1, Math.min(maxTasks, filters.size()));
    List<List<String>> groups = new ArrayList<>();
    for (int i = 0; i < n; i++) groups.add(new ArrayList<>());
    for (int i = 0; i < filters.size(); i++) groups.get(i % n).add(filters.get(i));
    List<Map<String, String>> configs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Map<String, String> c = new HashMap<>(props);
      c.put(MqttSourceConfig.TOPICS, String.join(",", groups.get(i)));
      c.put(MqttSourceTask.TASK_INDEX, Integer.toString(i));
      configs.add(c);
    }
    return configs;
  }

  @Override
  public void stop() {}

  @Override
  public ConfigDef config() {
    return MqttSourceConfig.DEF;
  }

  @Override
  public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
    return ExactlyOnceSupport.UNSUPPORTED; // MQTT cannot replay from an offset
  }
}
