package io.kavsak.hub.notification;

import jakarta.activation.DataHandler;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.util.ByteArrayDataSource;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.attachment.AttachmentMessage;
import org.springframework.stereotype.Component;

/**
 * Turns a rendered notification into the camel-mail message: HTML with a plain-text alternative, the
 * attachments, and a Message-ID derived from the request's event id, so that the one duplicate a crash can
 * cause (sent, but not yet recorded as sent) carries the same Message-ID and receivers can drop it.
 * Every other header was removed before: nothing of the request travels as a header.
 */
@Component("mailComposer")
public class MailComposer {

    private final NotificationProperties properties;

    public MailComposer(NotificationProperties properties) {
        this.properties = properties;
    }

    public void compose(Exchange exchange) {
        Notification notification = exchange.getProperty(Notifications.NOTIFICATION, Notification.class);
        RenderedMail mail = exchange.getProperty(NotificationTemplates.RENDERED, RenderedMail.class);
        @SuppressWarnings("unchecked")
        List<NotificationAttachments.Attachment> attachments =
                exchange.getProperty(NotificationAttachments.ATTACHMENTS, List.class);
        Message message = exchange.getMessage();
        message.setHeader("To", recipient(notification));
        message.setHeader("From", properties.mailFrom());
        message.setHeader("Subject", mail.subject());
        message.setHeader("Message-ID", messageId(notification.eventId()));
        message.setHeader("Content-Type", "text/html; charset=UTF-8");
        message.setHeader("CamelMailAlternativeBody", mail.text());
        message.setBody(mail.html());
        if (attachments != null && !attachments.isEmpty()) {
            AttachmentMessage withAttachments = exchange.getMessage(AttachmentMessage.class);
            for (NotificationAttachments.Attachment attachment : attachments) {
                withAttachments.addAttachment(attachment.name(),
                        new DataHandler(new ByteArrayDataSource(attachment.content(), attachment.contentType())));
            }
        }
    }

    /** {@code <uuid@domain>}, the same for every send of the same request event. */
    public String messageId(String eventId) {
        UUID id = UUID.nameUUIDFromBytes(("kavsak-notification:" + eventId).getBytes(StandardCharsets.UTF_8));
        return "<" + id + "@" + properties.messageIdDomain() + ">";
    }

    private static String recipient(Notification notification) {
        String to = notification.recipient();
        if (to == null || to.isBlank()) {
            throw new NotificationFailedException("the request has no recipient address");
        }
        try {
            InternetAddress[] addresses = InternetAddress.parse(to, true);
            for (InternetAddress address : addresses) {
                address.validate();
            }
            if (addresses.length == 0) {
                throw new NotificationFailedException("the request has no recipient address");
            }
            return to;
        } catch (AddressException e) {
            throw new NotificationFailedException("the recipient address is not valid: " + e.getMessage());
        }
    }
}
