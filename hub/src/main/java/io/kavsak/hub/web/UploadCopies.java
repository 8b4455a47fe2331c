package io.kavsak.hub.web;

import jakarta.activation.DataHandler;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.attachment.AttachmentMessage;
import org.apache.camel.attachment.CamelFileDataSource;
import org.apache.camel.attachment.DefaultAttachmentMessage;
import org.apache.camel.component.platform.http.springboot.PlatformHttpMessage;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.CamelEvent.ExchangeCreatedEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Camel's platform-http binding copies every uploaded file into the servlet temp directory as a message
 * attachment and never deletes the copy. A CV is personal data that no retention or recall would find
 * there, so the copies of each REST exchange are deleted when the exchange is done, whatever its outcome.
 */
@Component
public class UploadCopies extends EventNotifierSupport {

    private static final Logger log = LoggerFactory.getLogger(UploadCopies.class);

    public UploadCopies() {
        setIgnoreCamelContextEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
        setIgnoreExchangeSendingEvents(true);
        setIgnoreExchangeSentEvents(true);
        setIgnoreExchangeRedeliveryEvents(true);
        setIgnoreExchangeFailedEvents(true);
        setIgnoreExchangeCompletedEvent(true);
        setIgnoreExchangeAsyncProcessingStartedEvents(true);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof ExchangeCreatedEvent created && created.getExchange().getIn() instanceof PlatformHttpMessage;
    }

    @Override
    public void notify(CamelEvent event) {
        Exchange exchange = ((ExchangeCreatedEvent) event).getExchange();
        AttachmentMessage message = new DefaultAttachmentMessage(exchange.getIn());
        if (!message.hasAttachments()) {
            return;
        }
        List<File> copies = message.getAttachmentObjects().values().stream().map(a -> a.getDataHandler())
                .map(DataHandler::getDataSource).filter(CamelFileDataSource.class::isInstance)
                .map(source -> ((CamelFileDataSource) source).getFile()).toList();
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                copies.forEach(UploadCopies::delete);
            }
        });
    }

    private static void delete(File copy) {
        try {
            Files.deleteIfExists(copy.toPath());
        } catch (IOException e) {
            log.warn("Could not delete the upload copy {}: {}", copy, e.getMessage());
        }
    }
}
