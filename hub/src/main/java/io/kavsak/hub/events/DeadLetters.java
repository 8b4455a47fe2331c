package io.kavsak.hub.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Builds the record for {@code <topic>.dlq}: the original event, untouched, beside the reason it could
 * not be handled and where it came from, so it can be inspected and replayed.
 */
@Component("deadLetters")
public class DeadLetters {

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    public static final String REASON_HEADER = "kavsak_dlq_reason";

    public void toRecord(Exchange exchange) {
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String topic = exchange.getMessage().getHeader("kafka.TOPIC", String.class);
        Object partition = exchange.getMessage().getHeader("kafka.PARTITION");
        Object offset = exchange.getMessage().getHeader("kafka.OFFSET");
        Object key = exchange.getMessage().getHeader("kafka.KEY");
        String original = exchange.getMessage().getBody(String.class);
        String reason = error == null ? "unknown" : error.getMessage();

        ObjectNode letter = EventReader.JSON.createObjectNode();
        letter.put("original_topic", topic);
        letter.put("partition", partition == null ? null : partition.toString());
        letter.put("offset", offset == null ? null : offset.toString());
        letter.put("reason", reason);
        letter.put("error_type", error == null ? null : error.getClass().getName());
        letter.put("failed_at", Instant.now().toString());
        letter.put("redeliveries", exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class));
        letter.put("original_event", original);
        log.warn("Dead-lettering record {}/{}@{}: {}", topic, partition, offset, reason);

        String deadLetterTopic = (topic == null ? "kavsak.unknown" : topic) + EventType.DLQ_SUFFIX;
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader("kafka.OVERRIDE_TOPIC", deadLetterTopic);
        if (key != null) {
            exchange.getMessage().setHeader("kafka.KEY", key.toString());
        }
        exchange.getMessage().setHeader(REASON_HEADER, reason);
        exchange.getMessage().setBody(letter.toString());
    }
}
