package io.kavsak.hub.events;

import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/** First step of every consuming route: reads and validates the record, keeps the envelope on the exchange. */
@Component("eventIntake")
public class EventIntake {

    public static final String EVENT_ID = "kavsakEventId";
    public static final String EVENT_TYPE = "kavsakEventType";
    public static final String TENANT_ID = "kavsakTenantId";

    private final EventReader reader;

    public EventIntake(EventReader reader) {
        this.reader = reader;
    }

    public void read(Exchange exchange) {
        String topic = exchange.getMessage().getHeader("kafka.TOPIC", String.class);
        EventEnvelope event = reader.read(exchange.getMessage().getBody(String.class), topic);
        exchange.setProperty(EventInbox.ENVELOPE, event);
        exchange.getMessage().setHeader(EVENT_ID, event.eventId());
        exchange.getMessage().setHeader(EVENT_TYPE, event.type().eventType());
        exchange.getMessage().setHeader(TENANT_ID, event.tenantId());
    }
}
