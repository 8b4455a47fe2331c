package io.kavsak.hub.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.apache.camel.RuntimeCamelException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

class InfrastructureOutagesTest {

    @Test
    void anUnreachableDatabaseRedisOrBrokerIsAnOutageWhereverItIsWrapped() {
        assertThat(InfrastructureOutages.causedByOutage(new CannotCreateTransactionException("no connection",
                new SQLTransientConnectionException("pool timed out")))).isTrue();
        assertThat(InfrastructureOutages.causedByOutage(new TransactionSystemException("JDBC rollback failed",
                new SQLException("An I/O error occurred while sending to the backend", "08006")))).isTrue();
        assertThat(InfrastructureOutages.causedByOutage(new RuntimeCamelException(
                new SQLException("terminating connection due to administrator command", "57P01")))).isTrue();
        assertThat(InfrastructureOutages.causedByOutage(new RedisConnectionFailureException("Unable to connect"))).isTrue();
        assertThat(InfrastructureOutages.causedByOutage(new QueryTimeoutException("Redis command timed out"))).isTrue();
        assertThat(InfrastructureOutages.causedByOutage(new IllegalStateException(new ConnectException("refused")))).isTrue();
        assertThat(InfrastructureOutages.causedByOutage(new org.apache.kafka.common.errors.TimeoutException("metadata")))
                .isTrue();
        assertThat(InfrastructureOutages.causedByOutage(new RuntimeCamelException(
                new ServiceOutageException("embeddings API unavailable", null)))).isTrue();
    }

    @Test
    void aFaultOfTheEventOrOfTheCodeIsNoOutage() {
        assertThat(InfrastructureOutages.causedByOutage(new InvalidEventException("missing field"))).isFalse();
        assertThat(InfrastructureOutages.causedByOutage(new InvalidEventException("x") {
            {
                initCause(new ConnectException("a cause does not make an invalid event valid"));
            }
        })).isFalse();
        assertThat(InfrastructureOutages.causedByOutage(new DataIntegrityViolationException("duplicate key"))).isFalse();
        assertThat(InfrastructureOutages.causedByOutage(new BadSqlGrammarException("insert", "insert into x",
                new SQLException("relation does not exist", "42P01")))).isFalse();
        assertThat(InfrastructureOutages.causedByOutage(new IllegalArgumentException("bug"))).isFalse();
        assertThat(InfrastructureOutages.causedByOutage(null)).isFalse();
    }
}
