package io.consentgate.schemas;

import java.nio.charset.StandardCharsets;

/**
 * The canonical key of every per-contact topic: {@code businessId|contact} as UTF-8, so that
 * producers in any language partition alike. The contact must already be canonical (E.164 or a
 * BSUID): normalising it is the domain's job, not the key's.
 */
public record ContactKey(String businessId, String contact) {

    public static final char SEPARATOR = '|';

    public ContactKey {
        requireNonBlank("businessId", businessId);
        requireNonBlank("contact", contact);
        if (businessId.indexOf(SEPARATOR) >= 0) {
            throw new IllegalArgumentException("businessId must not contain '|': " + businessId);
        }
    }

    /** Parses {@code businessId|contact}; refuses anything else with a message quoting the input. */
    public static ContactKey parse(String key) {
        if (key == null) {
            throw new IllegalArgumentException("contact key is missing: expected 'businessId|contact'");
        }
        int at = key.indexOf(SEPARATOR);
        if (at <= 0 || at == key.length() - 1) {
            throw new IllegalArgumentException("contact key '" + key + "' is not of the form 'businessId|contact'");
        }
        return new ContactKey(key.substring(0, at), key.substring(at + 1));
    }

    public byte[] toBytes() {
        return toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return businessId + SEPARATOR + contact;
    }

    private static void requireNonBlank(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " of a contact key must not be blank");
        }
    }
}
