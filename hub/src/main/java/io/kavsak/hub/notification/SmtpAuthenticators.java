package io.kavsak.hub.notification;

import jakarta.mail.PasswordAuthentication;
import org.apache.camel.component.mail.MailAuthenticator;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The credentials of the primary and the backup SMTP provider, for the smtp endpoints' {@code authenticator}
 * option. A provider without a username sends without SMTP AUTH (camel-mail enables AUTH for any username,
 * even an empty one, so the credentials cannot simply be endpoint parameters).
 */
@Configuration(proxyBeanMethods = false)
public class SmtpAuthenticators {

    @Bean
    MailAuthenticator primarySmtpAuthenticator(@Value("${kavsak.notification.primary.username:}") String username,
                                               @Value("${kavsak.notification.primary.password:}") String password) {
        return authenticator(username, password);
    }

    @Bean
    MailAuthenticator backupSmtpAuthenticator(@Value("${kavsak.notification.backup.username:}") String username,
                                              @Value("${kavsak.notification.backup.password:}") String password) {
        return authenticator(username, password);
    }

    private static MailAuthenticator authenticator(String username, String password) {
        PasswordAuthentication credentials = username == null || username.isBlank()
                ? new PasswordAuthentication(null, null) : new PasswordAuthentication(username, password);
        return new MailAuthenticator() {
            @Override
            public PasswordAuthentication getPasswordAuthentication() {
                return credentials;
            }
        };
    }
}
