package io.kavsak.hub.notification;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Notification settings ({@code kavsak.notification.*}): the sender, how requests are claimed, how long a
 * claim holds, the locale of tenants without one, the Message-ID domain, the attachment limit and
 * the rate limit of tenants without their own (0: none). The SMTP
 * providers and the retry policy are read by the route file itself ({@code {{kavsak.notification.*}}}).
 */
@ConfigurationProperties("kavsak.notification")
public record NotificationProperties(
        @DefaultValue("notifications@kavsak.local") String mailFrom,
        @DefaultValue("kavsak.local") String messageIdDomain,
        @DefaultValue("en") String defaultLocale,
        @DefaultValue("50") int claimBatch,
        @DefaultValue("10m") Duration lease,
        @DefaultValue("10MB") DataSize maxAttachmentSize,
        @DefaultValue("0") int defaultMailsPerMinute) {
}
