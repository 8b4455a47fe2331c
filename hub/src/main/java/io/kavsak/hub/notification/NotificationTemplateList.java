package io.kavsak.hub.notification;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** Every template a tenant's requests can name: the built-in ones and the tenant's own. */
@Schema(description = "Every template a tenant's requests can name, per locale")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record NotificationTemplateList(List<Entry> items) {

    @Schema(description = "One template in one locale")
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Entry(
            @Schema(example = "welcome") String name,
            @Schema(example = "en") String locale,
            @Schema(allowableValues = {"tenant", "built-in"}) String source) {
    }
}
