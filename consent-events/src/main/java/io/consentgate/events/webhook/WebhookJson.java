package io.consentgate.events.webhook;

import java.time.Instant;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/** Reading Meta's JSON leniently: a value of the wrong type is absent (null), never an exception. */
final class WebhookJson {

    private WebhookJson() {
    }

    /** A string, or a number written as one; anything else (object, array, boolean, null, blank) is absent. */
    static String text(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isString()) {
            return node.stringValue().isBlank() ? null : node.stringValue();
        }
        return node.isIntegralNumber() ? node.asString() : null;
    }

    static String firstText(JsonNode first, JsonNode second) {
        String text = text(first);
        return text != null ? text : text(second);
    }

    /** {@code first} unless it is missing or null. */
    static JsonNode firstNode(JsonNode first, JsonNode second) {
        return first.isMissingNode() || first.isNull() ? second : first;
    }

    /** Meta's timestamps: epoch seconds, as a number or a string. */
    static Instant epochSeconds(JsonNode node) {
        String text = text(node);
        if (text == null) {
            return null;
        }
        try {
            long seconds = Long.parseLong(text);
            return seconds > 0 && seconds < 100_000_000_000L ? Instant.ofEpochSecond(seconds) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The constant named {@code name} in any case, or null. */
    static <E extends Enum<E>> E enumOf(Class<E> type, String name) {
        if (name == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
