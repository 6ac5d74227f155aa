package io.consentgate.faults;

import io.consentgate.avro.Channel;
import io.consentgate.avro.ConsentCategory;
import io.consentgate.avro.ConsentScope;
import io.consentgate.avro.OptIn;
import java.util.List;

/**
 * An opt-in as the scenarios' contacts give it: on a web form, to one notice version (with its hash), in Spanish.
 * Only the consent id, the business's name, the scope and the evidence differ between them.
 */
final class WebFormOptIn {

    static final String NOTICE_VERSION = "2026-03";
    static final String NOTICE_HASH = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    private WebFormOptIn() {
    }

    static OptIn of(String consentId, String businessName, ConsentCategory scope, String evidenceRef) {
        return OptIn.newBuilder()
                .setConsentId(consentId)
                .setBusinessName(businessName)
                .setScopes(List.of(new ConsentScope(scope, null)))
                .setChannel(Channel.WEB_FORM)
                .setNoticeVersion(NOTICE_VERSION)
                .setNoticeHash(NOTICE_HASH)
                .setLanguage("es-ES")
                .setEvidenceRef(evidenceRef)
                .build();
    }
}
