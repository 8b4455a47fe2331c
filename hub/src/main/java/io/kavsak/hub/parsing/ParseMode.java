package io.kavsak.hub.parsing;

import java.util.Locale;

/** How a CV is parsed: locally and deterministically, or by the configured LLM. */
public enum ParseMode {
    BASIC,
    ADVANCED;

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Reads the seed's {@code parse_mode} value; null or blank means {@code basic}. */
    public static ParseMode of(String value) {
        if (value == null || value.isBlank()) {
            return BASIC;
        }
        for (ParseMode mode : values()) {
            if (mode.value().equalsIgnoreCase(value.trim())) {
                return mode;
            }
        }
        throw new IllegalArgumentException(value);
    }
}
