package io.kavsak.hub.notification;

/** A fully rendered mail: nothing is sent unless all three parts rendered. */
public record RenderedMail(String template, String locale, String subject, String html, String text) {
}
