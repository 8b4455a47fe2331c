package io.kavsak.hub.recall;

import java.util.List;
import org.springframework.stereotype.Component;

/**
 * What the clustered resumer schedule picks up: requests whose processing stalled (hub crash,
 * exhausted retries, a lost event) and confirmations that could not be sent.
 */
@Component("recallResumer")
public class RecallResumer {

    private final RecallRequests requests;
    private final RecallProperties properties;

    public RecallResumer(RecallRequests requests, RecallProperties properties) {
        this.requests = requests;
        this.properties = properties;
    }

    public List<String> stalled() {
        return requests.stalled(properties.stalledAfter(), 100).stream().map(Object::toString).toList();
    }
}
