package io.kavsak.hub.notification;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** One page of a tenant's notification log, newest first. */
@Schema(description = "One page of the tenant's notification log, newest first")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record NotificationPage(List<NotificationView> items, int page, int size, long total) {
}
