package io.consentgate.domain.identity;

import io.consentgate.schemas.ContactKey;
import java.time.ZoneId;
import java.util.List;

/** The person a business messages, in canonical form: an E.164 number or a business-scoped user id. */
public sealed interface Contact permits Contact.PhoneNumber, Contact.Bsuid {

    /** What topics, keys and stores carry: {@code +34612345678} or {@code ES.1410018717833190}. */
    String canonical();

    /** ISO 3166-1 alpha-2 region of the contact, or {@code ZZ} when it cannot be told. */
    String region();

    /** Time zones the contact may be in; empty when the identity says nothing about it. */
    List<ZoneId> timeZones();

    /** The canonical topic key of this contact at one business: the only place such a key is built. */
    default ContactKey keyAt(String businessId) {
        return new ContactKey(businessId, canonical());
    }

    record PhoneNumber(String canonical, String region, List<ZoneId> timeZones) implements Contact {
        public PhoneNumber {
            timeZones = List.copyOf(timeZones);
        }
    }

    /** Meta's business-scoped user id: a two-letter country code, a dot, and an opaque alphanumeric id. */
    record Bsuid(String canonical) implements Contact {
        @Override
        public String region() {
            return canonical.substring(0, 2);
        }

        @Override
        public List<ZoneId> timeZones() {
            return List.of();
        }
    }
}
