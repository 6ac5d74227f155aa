package io.consentgate.domain.identity;

import io.consentgate.schemas.ContactKey;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;

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

    /**
     * A phone number. Its region and time zones come from libphonenumber, which reads a number's type with a series of
     * regular expressions. A number read back from a stored state was valid when it was stored, and most decisions never
     * ask for them (only the blocked regions of MARKETING and quiet hours do), so such a number reads them when first
     * asked ({@link ContactIdentity#ofStored}; docs/decisions.md, issue 17). Equal numbers are equal contacts, however
     * they were read: the region and zones follow from the number.
     */
    final class PhoneNumber implements Contact {

        private final String canonical;
        private final String region;
        private final List<ZoneId> timeZones;
        // This number with its region and zones: itself, or for a stored number null until first asked for (a race reads
        // them twice, to the same values).
        private volatile PhoneNumber reading;

        public PhoneNumber(String canonical, String region, List<ZoneId> timeZones) {
            this.canonical = Objects.requireNonNull(canonical);
            this.region = Objects.requireNonNull(region);
            this.timeZones = List.copyOf(timeZones);
            this.reading = this;
        }

        /** A number stored canonically once it was found valid: its region and zones are read when first asked for. */
        PhoneNumber(String canonical) {
            this.canonical = Objects.requireNonNull(canonical);
            this.region = null;
            this.timeZones = null;
        }

        @Override
        public String canonical() {
            return canonical;
        }

        @Override
        public String region() {
            return reading().region;
        }

        @Override
        public List<ZoneId> timeZones() {
            return reading().timeZones;
        }

        /** libphonenumber's reading says why a number no longer valid is refused, as it did when the state was read before. */
        private PhoneNumber reading() {
            PhoneNumber known = reading;
            if (known == null) {
                known = ContactIdentity.readPhoneNumber(canonical);
                reading = known;
            }
            return known;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof PhoneNumber number && canonical.equals(number.canonical);
        }

        @Override
        public int hashCode() {
            return canonical.hashCode();
        }

        @Override
        public String toString() {
            return "PhoneNumber[canonical=" + canonical + ", region=" + region() + ", timeZones=" + timeZones() + "]";
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
