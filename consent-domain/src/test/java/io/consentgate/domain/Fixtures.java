package io.consentgate.domain;

import io.consentgate.avro.Channel;
import io.consentgate.avro.ConsentCategory;
import io.consentgate.avro.ConsentScope;
import io.consentgate.avro.ContactEvent;
import io.consentgate.avro.DeliveryStatus;
import io.consentgate.avro.DeliveryStatusReported;
import io.consentgate.avro.ErasureRequested;
import io.consentgate.avro.InboundMessage;
import io.consentgate.avro.InboundMessageType;
import io.consentgate.avro.MarketingPreference;
import io.consentgate.avro.MarketingPreferenceChanged;
import io.consentgate.avro.MessageCategory;
import io.consentgate.avro.MessageKind;
import io.consentgate.avro.OptIn;
import io.consentgate.avro.OptOut;
import io.consentgate.avro.OptOutMethod;
import io.consentgate.avro.QualityRating;
import io.consentgate.avro.Referral;
import io.consentgate.avro.SendRequest;
import io.consentgate.avro.SenderStatus;
import io.consentgate.avro.TemplateRef;
import io.consentgate.avro.TemplateStatus;
import io.consentgate.domain.business.SenderState;
import io.consentgate.domain.business.TemplateState;
import io.consentgate.domain.keyword.KeywordNormalizer;
import io.consentgate.domain.policy.BusinessPolicies;
import io.consentgate.domain.policy.BusinessPolicy;
import io.consentgate.domain.state.ContactFactsFold;
import io.consentgate.domain.state.ErasureHasher;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Events, requests and states as the tests need them: a Spanish contact of business "acme", talking to sender "sender-1". */
public final class Fixtures {

    public static final String BUSINESS = "acme";
    public static final String SENDER = "sender-1";
    public static final String PHONE = "+34612345678";
    public static final String US_PHONE = "+12125550123";
    /** Noon in Madrid, 11:00 in the Canaries: daytime for the contact. */
    public static final Instant T0 = Instant.parse("2026-06-01T10:00:00Z");
    public static final BusinessPolicy POLICY = new BusinessPolicy("ES", ZoneId.of("Europe/Madrid"),
            BusinessPolicy.DEFAULTS.windowMargin(), BusinessPolicy.DEFAULTS.frequencyCaps(), BusinessPolicy.DEFAULTS.quietHours(),
            BusinessPolicy.DEFAULTS.qualityPolicy(), BusinessPolicy.DEFAULTS.marketingBlockedRegions(), BusinessPolicy.DEFAULTS.keywords(),
            BusinessPolicy.DEFAULTS.pricing());
    public static final ErasureHasher HASHER = new ErasureHasher("0123456789abcdef0123456789abcdef".getBytes());
    public static final ContactFactsFold FOLD = new ContactFactsFold(businessId -> POLICY, HASHER);

    private Fixtures() {
    }

    public static ContactFactsFold foldWith(BusinessPolicy policy) {
        return new ContactFactsFold(BusinessPolicies.of(policy, Map.of()), HASHER);
    }

    public static Instant hoursAfterT0(double hours) {
        return T0.plus(Duration.ofSeconds(Math.round(hours * 3600)));
    }

    public static ContactEvent event(String eventId, Instant at, Object payload) {
        return event(eventId, PHONE, at, payload);
    }

    public static ContactEvent event(String eventId, String contact, Instant at, Object payload) {
        return new ContactEvent(eventId, BUSINESS, contact, at, at, "test", payload);
    }

    public static List<ConsentScope> scopes(ConsentCategory... categories) {
        return Arrays.stream(categories).map(category -> new ConsentScope(category, null)).toList();
    }

    public static OptIn optIn(String consentId, List<ConsentScope> scopes, Instant expiresAt) {
        return OptIn.newBuilder().setConsentId(consentId).setBusinessName("ACME").setScopes(scopes).setChannel(Channel.WEB_FORM)
                .setNoticeVersion("v1").setNoticeHash("ab".repeat(32)).setLanguage("es-ES").setEvidenceRef("form-1")
                .setExpiresAt(expiresAt).build();
    }

    public static OptIn optIn(String consentId, ConsentCategory... categories) {
        return optIn(consentId, scopes(categories), null);
    }

    public static OptOut optOut(List<ConsentScope> scopes) {
        return new OptOut(scopes, Channel.WEB_FORM, OptOutMethod.REQUEST, "form-2");
    }

    public static OptOut optOut(ConsentCategory... categories) {
        return optOut(scopes(categories));
    }

    public static InboundMessage inbound(String messageId, String text) {
        return InboundMessage.newBuilder().setMessageId(messageId).setSenderId(SENDER).setType(InboundMessageType.TEXT)
                .setKeywordCandidate(KeywordNormalizer.keywordCandidate(text)).setPhone(PHONE).build();
    }

    public static InboundMessage inboundFromAd(String messageId) {
        InboundMessage message = inbound(messageId, "Hola, quiero info");
        message.setReferral(new Referral("ad", "ad-42", "clid-1"));
        return message;
    }

    public static InboundMessage buttonReply(String messageId, String payload, String text) {
        return InboundMessage.newBuilder().setMessageId(messageId).setSenderId(SENDER).setType(InboundMessageType.BUTTON)
                .setButtonPayload(payload).setButtonText(text).setPhone(PHONE).build();
    }

    public static MarketingPreferenceChanged marketing(MarketingPreference preference) {
        return new MarketingPreferenceChanged(SENDER, preference);
    }

    public static DeliveryStatusReported failed(int... errorCodes) {
        return DeliveryStatusReported.newBuilder().setSenderId(SENDER).setMessageId("wamid.out").setStatus(DeliveryStatus.FAILED)
                .setErrorCodes(Arrays.stream(errorCodes).boxed().toList()).build();
    }

    /** Meta's status of a business message: its event's time is the status's own timestamp, as the intake maps it. */
    public static DeliveryStatusReported status(String messageId, DeliveryStatus status) {
        return DeliveryStatusReported.newBuilder().setSenderId(SENDER).setMessageId(messageId).setStatus(status).build();
    }

    public static DeliveryStatusReported delivered(String messageId) {
        return status(messageId, DeliveryStatus.DELIVERED);
    }

    /** A DELIVERED status with Meta's pricing object: {@code pricing.type} (e.g. free_entry_point) and {@code pricing.billable}. */
    public static DeliveryStatusReported deliveredPriced(String messageId, String pricingType, boolean billable) {
        return DeliveryStatusReported.newBuilder(delivered(messageId)).setPricingType(pricingType).setBillable(billable).build();
    }

    public static DeliveryStatusReported delivered() {
        return DeliveryStatusReported.newBuilder().setSenderId(SENDER).setMessageId("wamid.out").setStatus(DeliveryStatus.DELIVERED).build();
    }

    /** Three undeliverable failures (131026) of the contact, an hour apart, ending at {@code last}: event ids u1, u2, u3. */
    public static ContactEvent[] undeliverableThrice(String contact, Instant last) {
        return new ContactEvent[] {event("u1", contact, last.minus(Duration.ofHours(2)), failed(131026)),
                event("u2", contact, last.minus(Duration.ofHours(1)), failed(131026)), event("u3", contact, last, failed(131026))};
    }

    public static ContactEvent[] undeliverableThrice(Instant last) {
        return undeliverableThrice(PHONE, last);
    }

    /** A healthy sender Meta refused for one of its own rate limits (131048, 130429) at {@code at}. */
    public static SenderState rateLimitedSender(int code, Instant at) {
        return healthySender().rateLimited(code, at);
    }

    public static ErasureRequested erasure() {
        return new ErasureRequested("dsr-1", "compliance@acme");
    }

    public static SendRequest freeForm(String requestId) {
        return request(requestId, PHONE, MessageKind.FREE_FORM, null, null);
    }

    public static SendRequest template(String requestId, MessageCategory category) {
        return request(requestId, PHONE, MessageKind.TEMPLATE, templateRef(category), null);
    }

    public static TemplateRef templateRef(MessageCategory category) {
        return new TemplateRef(category.name().toLowerCase() + "_template", "es", category);
    }

    public static SendRequest request(String requestId, String contact, MessageKind kind, TemplateRef template, String topic) {
        return new SendRequest(requestId, BUSINESS, SENDER, contact, T0, kind, template, topic, null, null);
    }

    public static TemplateState approvedTemplate(TemplateRef template) {
        return templateIn(template, TemplateStatus.APPROVED);
    }

    public static TemplateState templateIn(TemplateRef template, TemplateStatus status) {
        return new TemplateState(BUSINESS, template.getName(), template.getLanguage(), status, template.getCategory(), T0.minus(Duration.ofDays(30)));
    }

    public static SenderState sender(QualityRating quality, SenderStatus status) {
        return new SenderState(BUSINESS, SENDER, quality, status, T0.minus(Duration.ofHours(2)), T0.minus(Duration.ofHours(2)));
    }

    public static SenderState healthySender() {
        return sender(QualityRating.GREEN, SenderStatus.CONNECTED);
    }
}
