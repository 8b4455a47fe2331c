package io.kavsak.hub.reports;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** One page of a job's run history, newest first. */
@Schema(description = "One page of a job's run history, newest first")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ReportRunPage(List<ReportRunView> items, int page, int size, long total) {
}
