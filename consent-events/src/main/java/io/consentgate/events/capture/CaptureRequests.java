package io.consentgate.events.capture;

import io.consentgate.avro.Channel;
import io.consentgate.avro.ConsentCategory;
import io.consentgate.avro.ConsentScope;
import io.consentgate.avro.OptIn;
import io.consentgate.avro.OptOut;
import io.consentgate.avro.OptOutMethod;
import io.consentgate.domain.identity.ContactIdentity;
import io.consentgate.domain.policy.BusinessPolicies;
import io.consentgate.domain.identity.InvalidContactException;
import io.consentgate.events.publisher.ContactFact;
import io.consentgate.support.web.FieldProblem;
import io.consentgate.support.web.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.IllformedLocaleException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Checks a capture request field by field and turns it into the fact to publish. Every problem is
 * reported at once, each naming its field and saying what to send instead.
 */
@Component
public class CaptureRequests {

    static final int MAX_TEXT = 1_024;
    /** Capture systems' clocks drift; a capture time further ahead than this is a mistake, not drift. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");
    private static final List<ConsentCategory> CATEGORIES =
            List.of(ConsentCategory.ALL, ConsentCategory.MARKETING, ConsentCategory.UTILITY, ConsentCategory.AUTHENTICATION);
    private static final List<OptOutMethod> METHODS = Arrays.stream(OptOutMethod.values()).filter(m -> m != OptOutMethod.UNKNOWN).toList();

    private final BusinessPolicies policies;
    private final Clock clock;

    /** @param policies where each business's region for national number formats is set (consentgate.policy.*) */
    public CaptureRequests(BusinessPolicies policies, Clock clock) {
        this.policies = policies;
        this.clock = clock;
    }

    public ContactFact optIn(String businessId, String eventId, String caller, OptInRequest request) {
        Problems problems = new Problems();
        String contact = contact(businessId, request.contact(), problems);
        Instant occurredAt = occurredAt(request.occurredAt(), problems);
        OptIn.Builder optIn = OptIn.newBuilder()
                .setConsentId(request.consentId() == null ? eventId : text("consentId", request.consentId(), true, problems))
                .setBusinessName(text("businessName", request.businessName(), true, problems))
                .setScopes(scopes(request.scopes(), true, problems))
                .setChannel(channel(request.channel(), problems))
                .setCapturedBy(text("capturedBy", request.capturedBy(), false, problems))
                .setNoticeVersion(text("noticeVersion", request.noticeVersion(), true, problems))
                .setNoticeHash(noticeHash(request.noticeHash(), request.noticeText(), problems))
                .setLanguage(language(request.language(), problems))
                .setEvidenceRef(text("evidenceRef", request.evidenceRef(), true, problems))
                .setIpAddress(text("ipAddress", request.ipAddress(), false, problems))
                .setUserAgent(text("userAgent", request.userAgent(), false, problems))
                .setExpiresAt(request.expiresAt());
        if (request.expiresAt() != null && occurredAt != null && !request.expiresAt().isAfter(occurredAt)) {
            problems.add("expiresAt", "must be after occurredAt: consent that expires when given is no consent");
        }
        String source = source(request.source(), caller, problems);
        problems.throwIfAny("the opt-in cannot be recorded");
        return new ContactFact(eventId, businessId, contact, occurredAt, source, optIn.build());
    }

    public ContactFact optOut(String businessId, String eventId, String caller, OptOutRequest request) {
        Problems problems = new Problems();
        String contact = contact(businessId, request.contact(), problems);
        Instant occurredAt = occurredAt(request.occurredAt(), problems);
        OptOut optOut = OptOut.newBuilder()
                .setScopes(request.scopes() == null || request.scopes().isEmpty()
                        ? List.of(new ConsentScope(ConsentCategory.ALL, null))
                        : scopes(request.scopes(), false, problems))
                .setChannel(channel(request.channel(), problems))
                .setMethod(method(request.method(), problems))
                .setEvidenceRef(text("evidenceRef", request.evidenceRef(), false, problems))
                .build();
        String source = source(request.source(), caller, problems);
        problems.throwIfAny("the opt-out cannot be recorded");
        return new ContactFact(eventId, businessId, contact, occurredAt, source, optOut);
    }

    /** The business id from the path: it becomes part of every key, so it is held to the key's rules. */
    public static void checkBusinessId(String businessId) {
        if (businessId.isBlank() || businessId.length() > 128 || businessId.indexOf('|') >= 0 || !businessId.strip().equals(businessId)) {
            throw new InvalidRequestException("the business id in the path is not valid",
                    List.of(new FieldProblem("businessId", "must be 1 to 128 characters without '|' or surrounding spaces")));
        }
    }

    private String contact(String businessId, String raw, Problems problems) {
        if (raw == null || raw.isBlank()) {
            problems.add("contact", "is required: an E.164 number such as +34612345678 or a BSUID such as ES.1410018717833190");
            return null;
        }
        String region = policies.of(businessId).defaultRegion();
        try {
            return ContactIdentity.parse(raw, region).canonical();
        } catch (InvalidContactException e) {
            String hint = region == null
                    ? ": use E.164 (+<country code><number>), or configure consentgate.policy.default-region (or"
                      + " consentgate.policy.businesses." + businessId + ".default-region) to accept national formats"
                    : "";
            problems.add("contact", whyNotAContact(e) + hint);
            return null;
        }
    }

    private Instant occurredAt(Instant given, Problems problems) {
        Instant now = clock.instant();
        if (given == null) {
            return now;
        }
        if (given.isAfter(now.plus(CLOCK_SKEW))) {
            problems.add("occurredAt", "is in the future (" + given + "): send the time it happened, in UTC");
        }
        return given;
    }

    private static List<ConsentScope> scopes(List<ScopeRequest> given, boolean required, Problems problems) {
        if (given == null || given.isEmpty()) {
            if (required) {
                problems.add("scopes", "needs at least one scope, e.g. [{\"category\":\"MARKETING\"}]: what the person agreed to receive");
            }
            return List.of();
        }
        List<ConsentScope> scopes = new ArrayList<>();
        for (int i = 0; i < given.size(); i++) {
            ScopeRequest scope = given.get(i);
            String field = "scopes[" + i + "]";
            if (scope == null) {
                problems.add(field, "must be an object with a category");
                continue;
            }
            ConsentCategory category = oneOf(field + ".category", scope.category(), CATEGORIES, problems);
            String topic = text(field + ".topic", scope.topic(), false, problems);
            scopes.add(new ConsentScope(category == null ? ConsentCategory.UNKNOWN : category, topic));
        }
        return scopes;
    }

    private static Channel channel(String given, Problems problems) {
        Channel channel = oneOf("channel", given, List.of(Channel.values()), problems);
        return channel == null ? Channel.OTHER : channel;
    }

    private static OptOutMethod method(String given, Problems problems) {
        if (given == null) {
            return OptOutMethod.REQUEST;
        }
        OptOutMethod method = oneOf("method", given, METHODS, problems);
        return method == null ? OptOutMethod.UNKNOWN : method;
    }

    private static String noticeHash(String hash, String text, Problems problems) {
        if (hash == null && text == null) {
            problems.add("noticeHash", "is required (SHA-256 of the notice text, 64 hex digits), or send noticeText to have it computed");
            return "";
        }
        String fromText = text == null ? null : sha256Hex(text);
        if (hash == null) {
            return fromText;
        }
        if (!SHA256_HEX.matcher(hash).matches()) {
            problems.add("noticeHash", "must be the SHA-256 of the notice text as 64 hex digits");
            return "";
        }
        if (fromText != null && !fromText.equalsIgnoreCase(hash)) {
            problems.add("noticeHash", "does not match noticeText: send one of them, or the hash of that very text");
        }
        return hash.toLowerCase(Locale.ROOT);
    }

    private static String language(String given, Problems problems) {
        String language = text("language", given, true, problems);
        if (language.isEmpty()) {
            return language;
        }
        try {
            return new Locale.Builder().setLanguageTag(language).build().toLanguageTag();
        } catch (IllformedLocaleException e) {
            problems.add("language", "must be a BCP 47 language tag such as es-ES");
            return language;
        }
    }

    private static String source(String given, String caller, Problems problems) {
        String source = text("source", given, false, problems);
        if (source != null) {
            return source;
        }
        return caller == null ? "capture-api" : caller;
    }

    /** A text field: trimmed, bounded, null when absent and optional, "" (with a problem) when absent and required. */
    private static String text(String field, String value, boolean required, Problems problems) {
        if (value == null || value.isBlank()) {
            if (required) {
                problems.add(field, "is required");
                return "";
            }
            return null;
        }
        if (value.length() > MAX_TEXT) {
            problems.add(field, "is longer than " + MAX_TEXT + " characters");
        }
        return value.strip();
    }

    private static <E extends Enum<E>> E oneOf(String field, String value, List<E> allowed, Problems problems) {
        String names = allowed.stream().map(Enum::name).collect(Collectors.joining(", "));
        if (value == null || value.isBlank()) {
            problems.add(field, "is required: one of " + names);
            return null;
        }
        for (E candidate : allowed) {
            if (candidate.name().equalsIgnoreCase(value.strip())) {
                return candidate;
            }
        }
        // The value is not repeated: it may be anything the caller put there, a phone number or a name included.
        problems.add(field, "is not one of " + names);
        return null;
    }

    /** Why the contact was refused; the reason never quotes the contact (an error answer repeats no personal data). */
    static String whyNotAContact(InvalidContactException e) {
        return "is neither a valid phone number nor a BSUID: it " + e.reason();
    }

    private static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static final class Problems {

        private final List<FieldProblem> list = new ArrayList<>();

        void add(String field, String message) {
            list.add(new FieldProblem(field, message));
        }

        void throwIfAny(String detail) {
            if (!list.isEmpty()) {
                throw new InvalidRequestException(detail + ": " + list.size() + " field(s) need fixing", list);
            }
        }
    }
}
