package io.kavsak.hub.notification;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.InternetAddress;
import java.net.ConnectException;
import org.apache.camel.CamelExecutionException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.util.MailConnectException;
import org.eclipse.angus.mail.util.SocketConnectException;
import org.junit.jupiter.api.Test;

class MailFailuresTest {

    private static SendFailedException recipientRejected(int code) throws Exception {
        SMTPAddressFailedException rejected = new SMTPAddressFailedException(
                new InternetAddress("nobody@example.com"), "RCPT TO:<nobody@example.com>", code,
                code + " 5.1.1 <nobody@example.com>: Recipient address rejected");
        return new SendFailedException("Invalid Addresses", rejected, new Address[0], new Address[0],
                new Address[] {new InternetAddress("nobody@example.com")});
    }

    @Test
    void aRecipientRejectedWith5xxIsPermanentAndTheReasonCarriesTheReply() throws Exception {
        Exception wrapped = new CamelExecutionException("send failed", null, recipientRejected(550));
        assertThat(MailFailures.isPermanent(wrapped)).isTrue();
        assertThat(MailFailures.reason(wrapped)).startsWith("SMTP 550:").contains("Recipient address rejected");
    }

    @Test
    void a4xxReplyIsTransient() throws Exception {
        assertThat(MailFailures.isPermanent(recipientRejected(450))).isFalse();
        SMTPSendFailedException busy = new SMTPSendFailedException("DATA", 421, "421 4.3.2 Service not available",
                null, null, null, null);
        assertThat(MailFailures.isPermanent(busy)).isFalse();
        assertThat(MailFailures.reason(busy)).startsWith("SMTP 421:");
    }

    @Test
    void aServerThatCannotBeReachedIsTransient() {
        MessagingException refused = new MailConnectException(new SocketConnectException("Connection refused",
                new ConnectException("Connection refused"), "127.0.0.1", 1, 5000));
        assertThat(MailFailures.isPermanent(refused)).isFalse();
        assertThat(MailFailures.reason(refused)).contains("Connection refused");
    }

    @Test
    void aFaultOfTheRequestIsPermanentAndKeepsItsOwnReason() {
        NotificationFailedException missing = new NotificationFailedException(
                "template 'welcome' (en, html): missing parameter 'tenant_name' at line 1");
        assertThat(MailFailures.isPermanent(missing)).isTrue();
        assertThat(MailFailures.reason(new RuntimeException(missing))).isEqualTo(missing.getMessage());
    }
}
