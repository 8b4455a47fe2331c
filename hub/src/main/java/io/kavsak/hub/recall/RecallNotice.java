package io.kavsak.hub.recall;

import java.util.UUID;

/** An e-mail about one recall request: its confirmation to the user, or an SLA alert to the tenant. */
public record RecallNotice(Kind kind, UUID recallId, String to, String subject, String text) {

    public enum Kind { CONFIRMATION, SLA_WARNING, SLA_BREACHED }
}
