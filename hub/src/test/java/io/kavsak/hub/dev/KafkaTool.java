package io.kavsak.hub.dev;

import io.kavsak.hub.support.KafkaProbe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small Kafka client for the walk-through against the embedded default:
 * {@code send <file.json> [topic]} produces a file verbatim (topic = its event_type unless given),
 * {@code read <topic> <text>} prints the first record containing the text.
 * The broker comes from {@code KAFKA_BOOTSTRAP_SERVERS}, as written to {@code hub/target/kavsak-dev/tokens.env}.
 */
public final class KafkaTool {

    private static final Pattern EVENT_TYPE = Pattern.compile("\"event_type\"\\s*:\\s*\"([^\"]+)\"");

    private KafkaTool() {
    }

    public static void main(String[] args) throws IOException {
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        String brokers = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
        if (brokers == null || args.length < 2) {
            System.err.println("usage: KAFKA_BOOTSTRAP_SERVERS=host:port KafkaTool send <file.json> [topic] | read <topic> <text>");
            System.exit(2);
        }
        KafkaProbe kafka = new KafkaProbe(brokers);
        if (args[0].equals("send")) {
            String value = Files.readString(Path.of(args[1]));
            String topic = args.length > 2 ? args[2] : eventType(value);
            kafka.send(topic, null, value);
            System.out.println("sent " + args[1] + " to " + topic);
        } else {
            var seen = kafka.readUntil(args[1], r -> args.length < 3 || r.value().contains(args[2]),
                    Duration.ofSeconds(20));
            System.out.println(seen.get(seen.size() - 1).value());
        }
    }

    private static String eventType(String value) {
        Matcher m = EVENT_TYPE.matcher(value);
        if (!m.find()) {
            throw new IllegalArgumentException("no event_type in the file; give the topic");
        }
        return m.group(1);
    }
}
