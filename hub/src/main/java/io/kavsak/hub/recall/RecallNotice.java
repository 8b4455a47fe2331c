package io.kavsak.hub.recall;

import java.util.Map;
import java.util.UUID;

/**
 * An e-mail about one recall request: its confirmation to the user, or an SLA alert to the tenant. The
 * notification pipeline renders it from {@code template} with {@code params}.
 */
public record RecallNotice(Kind kind, UUID recallId, String tenantId, String to, String template,
                           Map<String, String> params) {

    public enum Kind { CONFIRMATION, SLA_WARNING, SLA_BREACHED }
}
