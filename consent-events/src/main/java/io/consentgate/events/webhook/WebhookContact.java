package io.consentgate.events.webhook;

import io.consentgate.domain.identity.Contact;
import io.consentgate.domain.identity.ContactIdentity;
import io.consentgate.domain.identity.InvalidContactException;

/**
 * The person a webhook item is about: its phone number when Meta shares it, else its BSUID; both kept.
 *
 * @param contact the canonical contact the fact is keyed by
 */
record WebhookContact(String contact, String phone, String bsuid) {

    /** From Meta's {@code wa_id} (digits, no +) and {@code user_id} (BSUID); null when neither is usable. */
    static WebhookContact of(String waId, String userId) {
        String phone = waId == null ? null : phone(waId.startsWith("+") ? waId : "+" + waId);
        String bsuid = userId == null ? null : bsuid(userId);
        String contact = phone != null ? phone : bsuid;
        return contact == null ? null : new WebhookContact(contact, phone, bsuid);
    }

    private static String phone(String e164) {
        try {
            return ContactIdentity.parse(e164, null) instanceof Contact.PhoneNumber number ? number.canonical() : null;
        } catch (InvalidContactException e) {
            return null;
        }
    }

    private static String bsuid(String userId) {
        try {
            return ContactIdentity.parse(userId, null) instanceof Contact.Bsuid id ? id.canonical() : null;
        } catch (InvalidContactException e) {
            return null;
        }
    }
}
