package io.kavsak.hub.events;

import org.springframework.stereotype.Component;

/** Exposes the topic catalogue to the routes, e.g. {@code kafka:{{bean:eventCatalogue.intakeTopics}}}. */
@Component("eventCatalogue")
public class EventCatalogue {

    public String intakeTopics() {
        return EventType.intakeTopics();
    }
}
