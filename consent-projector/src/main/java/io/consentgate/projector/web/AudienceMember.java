package io.consentgate.projector.web;

import io.consentgate.avro.Channel;
import io.consentgate.domain.state.ScopeConsent;
import java.time.Instant;

/** One line of the audience stream: a contact who may receive the category now, and the consent that allows it. */
public record AudienceMember(String contact, String consentId, String category, String topic, Channel channel,
                             Instant since, Instant expiresAt) {

    static AudienceMember of(String contact, ScopeConsent optIn) {
        return new AudienceMember(contact, optIn.consentId(), optIn.scope().category().name(), optIn.scope().topic(),
                optIn.channel(), optIn.since(), optIn.expiresAt());
    }
}
