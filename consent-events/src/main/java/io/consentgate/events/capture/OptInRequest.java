package io.consentgate.events.capture;

import java.time.Instant;
import java.util.List;

/**
 * An opt-in and its proof, as a capture system sends it (docs/rules.md "Consent"; field meanings after Kantara
 * Consent Receipt v1.1 / ISO/IEC TS 27560). Give the notice as {@code noticeHash} (SHA-256, hex) or as
 * {@code noticeText}, from which the hash is computed; the text itself is not stored.
 */
public record OptInRequest(
        String contact,
        String consentId,
        String businessName,
        List<ScopeRequest> scopes,
        String channel,
        Instant occurredAt,
        String source,
        String capturedBy,
        String noticeVersion,
        String noticeHash,
        String noticeText,
        String language,
        String evidenceRef,
        String ipAddress,
        String userAgent,
        Instant expiresAt) {
}
