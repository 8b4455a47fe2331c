package io.kavsak.hub.indexing;

import io.kavsak.hub.events.EventEnvelope;
import io.kavsak.hub.events.EventInbox;
import io.kavsak.hub.events.InvalidEventException;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.apache.camel.Exchange;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The seed's audit/metrics consumer of {@code query.run.completed} (seed 002 §4.1): the run is written to
 * {@code audit.query_runs} unless its producer wrote it already, and counted per tenant and status.
 */
@Component("queryRunAudit")
public class QueryRunAudit {

    private final NamedParameterJdbcTemplate jdbc;
    private final MeterRegistry meters;

    public QueryRunAudit(NamedParameterJdbcTemplate jdbc, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.meters = meters;
    }

    public void record(Exchange exchange) {
        EventEnvelope event = exchange.getProperty(EventInbox.ENVELOPE, EventEnvelope.class);
        Instant started = instant(event, "started_at");
        Instant finished = instant(event, "finished_at");
        if (finished.isBefore(started)) {
            throw new InvalidEventException("finished_at is before started_at");
        }
        Long rows = event.json().path("row_count").isIntegralNumber() ? event.json().path("row_count").asLong() : null;
        int inserted = jdbc.update("""
                insert into audit.query_runs (query_run_id, tenant_id, user_id, datasource_id, request_id, status,
                    row_count, error_code, error_message, started_at, finished_at)
                values (:run, :tenant, :user, :ds, :request, :status, :rows, :errorCode, :errorMessage, :started, :finished)
                on conflict (tenant_id, query_run_id) do nothing
                """, new MapSqlParameterSource().addValue("run", event.text("query_run_id"))
                .addValue("tenant", event.tenantId()).addValue("user", event.text("user_id"))
                .addValue("ds", event.text("datasource_id")).addValue("request", event.text("request_id"))
                .addValue("status", event.text("status")).addValue("rows", rows)
                .addValue("errorCode", event.text("error_code")).addValue("errorMessage", event.text("error_message"))
                .addValue("started", Timestamp.from(started)).addValue("finished", Timestamp.from(finished)));
        String tenant = event.tenantId();
        String status = event.text("status");
        meters.counter("kavsak.query.runs", "tenant", tenant, "status", status).increment();
        if (inserted == 0) {
            meters.counter("kavsak.query.runs.already.audited", "tenant", tenant).increment();
        }
        Timer.builder("kavsak.query.run.duration").description("Duration of finished NL-to-SQL query runs")
                .tags("tenant", tenant, "status", status).publishPercentileHistogram().register(meters)
                .record(Duration.between(started, finished));
        if (rows != null) {
            DistributionSummary.builder("kavsak.query.run.rows").description("Rows returned by query runs")
                    .tags("tenant", tenant, "status", status).publishPercentileHistogram().register(meters)
                    .record(rows);
        }
    }

    private static Instant instant(EventEnvelope event, String field) {
        try {
            return Instant.parse(event.text(field));
        } catch (DateTimeParseException | NullPointerException e) {
            throw new InvalidEventException(field + " is not an ISO-8601 instant");
        }
    }
}
