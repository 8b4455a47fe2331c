package io.kavsak.hub.notification;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** One page of a tenant's notification log, newest first. */
@Schema(description = "One page of the tenant's notification log, newest first")
public record NotificationPage(List<NotificationView> items, int page, int size, long total) {
}
