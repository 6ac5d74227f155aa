package io.consentgate.events.publisher;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.UUID;

/**
 * Event ids. A fact reported twice (a retried HTTP call, Meta delivering a webhook again) must carry
 * the same id, because the consumers' fold is idempotent by event id; so ids of reported facts are
 * name-based: a version-5 UUID (SHA-1, RFC 9562) of a name that identifies the fact. Any language
 * can compute the same id: SHA-1 of the UTF-8 name, first 16 bytes, version nibble 5, variant 10.
 *
 * <p>The names of WhatsApp webhook items are what makes Meta's redeliveries harmless: the same item must
 * give the same name in every version, or a redelivery after a deploy is folded as a second fact.
 * EventIdsTest pins each of them.
 */
public final class EventIds {

    private EventIds() {
    }

    /** The id of the fact {@code name} names, always the same for the same name. */
    public static String named(String name) {
        byte[] hash = sha1(name.getBytes(StandardCharsets.UTF_8));
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x50);
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
        long high = 0;
        long low = 0;
        for (int i = 0; i < 8; i++) {
            high = (high << 8) | (hash[i] & 0xff);
            low = (low << 8) | (hash[i + 8] & 0xff);
        }
        return new UUID(high, low).toString();
    }

    /** The id of a capture-API call retried with the same {@code Idempotency-Key}: {@code named("idempotency|<businessId>|<key>")}. */
    public static String forIdempotencyKey(String businessId, String idempotencyKey) {
        return named("idempotency|" + businessId + "|" + idempotencyKey);
    }

    /** An inbound WhatsApp message, a system notice included, by Meta's message id: {@code whatsapp|message|<wamid>}. */
    public static String whatsAppMessage(String messageId) {
        return named("whatsapp|message|" + messageId);
    }

    /**
     * A status of a sent message, once per status as Meta spells it (sent, delivered, read, failed, deleted):
     * {@code whatsapp|status|<wamid>|<status>}.
     */
    public static String whatsAppStatus(String messageId, String status) {
        return named("whatsapp|status|" + messageId + "|" + status);
    }

    /** A rate limit of a business number a failed status reported: {@code whatsapp|rate-limit|<wamid>|<code>}. */
    public static String whatsAppRateLimit(String messageId, int code) {
        return named("whatsapp|rate-limit|" + messageId + "|" + code);
    }

    /**
     * A user_preferences item, which carries no id of its own:
     * {@code whatsapp|user_preferences|<phone_number_id>|<canonical contact>|<STOP or RESUME>|<ISO-8601 instant>}.
     */
    public static String whatsAppUserPreference(String senderId, String contact, String preference, Instant at) {
        return named("whatsapp|user_preferences|" + senderId + "|" + contact + "|" + preference + "|" + at);
    }

    /**
     * A change of the account (quality, messaging limit, template status), which carries no id of its own; the same
     * delivery repeated has the same account, entry time and value: {@code whatsapp|<field>|<WABA id>|<epoch seconds>|<value>},
     * the value as compact JSON in the order Meta wrote it.
     */
    public static String whatsAppAccountChange(String field, String accountId, Instant at, String value) {
        return named("whatsapp|" + field + "|" + accountId + "|" + at.getEpochSecond() + "|" + value);
    }

    /** A fresh id, for a fact reported without anything that identifies it. */
    /** The link of a phone number and a BSUID as published under one of them ({@code under}): the same for every delivery that carries both. */
    public static String identityLink(String businessId, String phone, String bsuid, String under) {
        return named("identity-link|" + businessId + "|" + phone + "|" + bsuid + "|" + under);
    }

    public static String random() {
        return UUID.randomUUID().toString();
    }

    private static byte[] sha1(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-1", e);
        }
    }
}
