package io.kavsak.hub.events;

import org.apache.camel.NamedNode;
import org.apache.camel.Processor;
import org.apache.camel.Route;
import org.apache.camel.spi.Policy;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code policy: {ref: oneTransaction}}: the wrapped steps run in one database transaction that rolls
 * back when they fail, and the failure goes on, untouched, to the calling route's error policy. Camel's
 * {@code transacted} brings its own error handler instead, which either commits a failure it handled
 * (the inbox row of a dead-lettered event with it) or marks it exhausted, so the caller's outage
 * retry and dead letter never see it.
 */
@Component("oneTransaction")
public class OneTransaction implements Policy {

    private final TransactionTemplate transactions;

    public OneTransaction(PlatformTransactionManager transactionManager) {
        this.transactions = new TransactionTemplate(transactionManager);
    }

    @Override
    public void beforeWrap(Route route, NamedNode definition) {
    }

    @Override
    public Processor wrap(Route route, Processor processor) {
        return exchange -> transactions.executeWithoutResult(status -> {
            try {
                processor.process(exchange);
            } catch (Exception e) {
                exchange.setException(e);
            }
            if (exchange.getException() != null || exchange.isRollbackOnly()) {
                status.setRollbackOnly();
            }
        });
    }
}
