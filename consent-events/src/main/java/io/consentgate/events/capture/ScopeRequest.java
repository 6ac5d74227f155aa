package io.consentgate.events.capture;

/**
 * @param category ALL, MARKETING, UTILITY or AUTHENTICATION
 * @param topic    the business's own topic inside the category (e.g. {@code order-updates}); absent = every topic
 */
public record ScopeRequest(String category, String topic) {
}
