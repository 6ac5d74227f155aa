package io.consentgate.projector.topology;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.consentgate.avro.Channel;
import io.consentgate.avro.OptOutMethod;
import java.time.Instant;
import java.util.List;

/**
 * One entry of a contact's consent history: a consent fact with its proof, as the audit trail
 * keeps it (GDPR art. 7(1)). No message text: a keyword opt-out keeps only the message id.
 *
 * @param scopes      what the fact covers; empty for a marketing stop or resume (per sender)
 * @param channel     where it was captured
 * @param method      how an opt-out was made
 * @param senderId    the business number, for keyword facts and marketing stops
 * @param evidenceRef form submission, recording, scan or WhatsApp message id
 * @param proof       an opt-in's proof record; null for every other kind
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConsentFact(
        String eventId,
        Kind kind,
        Instant occurredAt,
        Instant recordedAt,
        String source,
        List<ScopeRef> scopes,
        Channel channel,
        OptOutMethod method,
        String senderId,
        String evidenceRef,
        OptInProof proof) {

    public enum Kind {
        OPT_IN,
        OPT_OUT,
        /** An opt-back-in keyword (START, ALTA…): lifts earlier opt-outs, reinstating what they withdrew. */
        OPT_BACK_IN,
        /** Meta's user_preferences "stop" for one sender. */
        MARKETING_STOPPED,
        /** Meta's user_preferences "resume" for one sender. */
        MARKETING_RESUMED
    }

    /** A consent scope: a category (ALL covers every one) and an optional topic. */
    public record ScopeRef(String category, String topic) {
    }

    /** What an opt-in proves, after Kantara Consent Receipt v1.1 / ISO/IEC TS 27560. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record OptInProof(
            String consentId,
            String businessName,
            String capturedBy,
            String noticeVersion,
            String noticeHash,
            String language,
            String ipAddress,
            String userAgent,
            Instant expiresAt) {
    }
}
