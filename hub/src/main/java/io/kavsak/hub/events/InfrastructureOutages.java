package io.kavsak.hub.events;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.time.Duration;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Tells an infrastructure outage (PostgreSQL, Redis or the broker out of reach, or a third-party API: a
 * {@link ServiceOutageException}) from a fault of the event, for the kafka-dlq error policy: an outage is
 * waited out, retrying the record in place for {@code kavsak.events.outage.max-wait}; only a fault of the
 * event is dead-lettered.
 */
@Component("infrastructureOutages")
public class InfrastructureOutages {

    private static final Logger log = LoggerFactory.getLogger(InfrastructureOutages.class);
    private static final String WAITING_SINCE = "kavsakOutageSince";

    private final Duration maxWait;
    private final Counter windowsExpired;

    public InfrastructureOutages(@Value("${kavsak.events.outage.max-wait}") Duration maxWait, MeterRegistry meters) {
        this.maxWait = maxWait;
        this.windowsExpired = Counter.builder("kavsak.events.outage.windows.expired")
                .description("Records whose consumption waited a whole outage window and is still paused")
                .register(meters);
    }

    /** onWhen of the outage clause: the failure is the infrastructure's, not the event's. */
    public boolean isOutage(Exchange exchange) {
        return causedByOutage(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class));
    }

    /** retryWhile of the outage clause: still an outage, and the record has waited less than max-wait. */
    public boolean keepWaiting(Exchange exchange) {
        long now = System.currentTimeMillis();
        long since = exchange.getProperty(WAITING_SINCE, now, Long.class);
        exchange.setProperty(WAITING_SINCE, since);
        Throwable error = exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        return causedByOutage(error) && now - since < maxWait.toMillis();
    }

    /**
     * The window expired: raise the alert. The exchange stays failed, so the consumer does not commit
     * the record's offset and reads it again: consumption of the partition stays paused, nothing is lost.
     */
    public void windowExpired(Exchange exchange) {
        windowsExpired.increment();
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        long since = exchange.getProperty(WAITING_SINCE, System.currentTimeMillis(), Long.class);
        log.error("Record {} partition {} offset {} not handled after waiting {} s through an outage (max-wait {});"
                        + " consumption stays paused there and reads it again. Last failure: {}",
                exchange.getMessage().getHeader("kafka.TOPIC"), exchange.getMessage().getHeader("kafka.PARTITION"),
                exchange.getMessage().getHeader("kafka.OFFSET"), (System.currentTimeMillis() - since) / 1000, maxWait,
                error == null ? "unknown" : rootMessage(error));
    }

    public static boolean causedByOutage(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof InvalidEventException) {
                return false;
            }
            if (t instanceof ServiceOutageException) {
                return true;
            }
            if (t instanceof TransientDataAccessException || t instanceof DataAccessResourceFailureException
                    || t instanceof RecoverableDataAccessException || t instanceof CannotCreateTransactionException
                    || t instanceof SQLTransientException || t instanceof SQLRecoverableException
                    || t instanceof io.lettuce.core.RedisConnectionException
                    || t instanceof io.lettuce.core.RedisCommandTimeoutException
                    || t instanceof org.apache.kafka.common.errors.RetriableException
                    || t instanceof SocketException || t instanceof SocketTimeoutException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    // 08: connection exception; 57P01-57P03: the server is shutting down, crashed or starting
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P0"))) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
