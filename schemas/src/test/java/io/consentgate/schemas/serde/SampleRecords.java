package io.consentgate.schemas.serde;

import io.consentgate.avro.ApprovalBasis;
import io.consentgate.avro.ApprovedSend;
import io.consentgate.avro.BusinessEvent;
import io.consentgate.avro.Channel;
import io.consentgate.avro.ConsentCategory;
import io.consentgate.avro.ConsentScope;
import io.consentgate.avro.ConsentStatus;
import io.consentgate.avro.ContactEvent;
import io.consentgate.avro.ContactState;
import io.consentgate.avro.DeliveryStatus;
import io.consentgate.avro.DeliveryStatusReported;
import io.consentgate.avro.ErasureRequested;
import io.consentgate.avro.IdentityLinked;
import io.consentgate.avro.InboundMessage;
import io.consentgate.avro.InboundMessageType;
import io.consentgate.avro.MarketingPreference;
import io.consentgate.avro.MarketingPreferenceChanged;
import io.consentgate.avro.MessageCategory;
import io.consentgate.avro.MessageKind;
import io.consentgate.avro.MessagingLimitChanged;
import io.consentgate.avro.MessagingTier;
import io.consentgate.avro.OptIn;
import io.consentgate.avro.OptOut;
import io.consentgate.avro.OptOutMethod;
import io.consentgate.avro.QualityRating;
import io.consentgate.avro.RecentSend;
import io.consentgate.avro.Referral;
import io.consentgate.avro.RejectionReason;
import io.consentgate.avro.ScopeState;
import io.consentgate.avro.SendRejection;
import io.consentgate.avro.SendRequest;
import io.consentgate.avro.SenderContactState;
import io.consentgate.avro.SenderQualityChanged;
import io.consentgate.avro.SenderStatus;
import io.consentgate.avro.TemplateRef;
import io.consentgate.avro.TemplateStatus;
import io.consentgate.avro.TemplateCategoryChanged;
import io.consentgate.avro.TemplateStatusChanged;
import io.consentgate.schemas.Topic;
import io.consentgate.schemas.Topics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;

/** Realistic values of every topic of the contract, every union branch included. */
final class SampleRecords {

    static final Instant OCCURRED = Instant.parse("2026-03-02T09:15:30.123Z");
    static final Instant RECORDED = OCCURRED.plusMillis(250);
    static final String BUSINESS = "acme-retail";
    static final String CONTACT = "+34612345678";
    static final String SENDER = "106540352242922";

    /** Samples per topic; together they cover every topic in {@link Topics#ALL}. */
    static Map<Topic<?>, List<? extends SpecificRecord>> byTopic() {
        return Map.of(
                Topics.CONTACT_EVENTS, Stream.of(optIn(), optOut(), inboundMessage(), marketingPreferenceChanged(),
                        deliveryStatusReported(), erasureRequested(), identityLinked()).map(SampleRecords::contactEvent).toList(),
                Topics.BUSINESS_EVENTS, Stream.of(senderQualityChanged(), messagingLimitChanged(),
                        templateStatusChanged(), templateCategoryChanged(), senderRateLimited(), templatesListed()).map(SampleRecords::businessEvent).toList(),
                Topics.OUTBOUND_REQUESTS, List.of(templateRequest(), freeFormRequest()),
                Topics.APPROVED_SENDS, List.of(approvedSend()),
                Topics.SEND_REJECTIONS, List.of(sendRejection()),
                Topics.CONSENT_STATE, List.of(contactState(), erasedContactState()));
    }

    static ContactEvent contactEvent(Object payload) {
        return ContactEvent.newBuilder()
                .setEventId("evt-" + payload.getClass().getSimpleName())
                .setBusinessId(BUSINESS)
                .setContact(CONTACT)
                .setOccurredAt(OCCURRED)
                .setRecordedAt(RECORDED)
                .setSource("web-signup")
                .setPayload(payload)
                .build();
    }

    static BusinessEvent businessEvent(Object payload) {
        return BusinessEvent.newBuilder()
                .setEventId("biz-" + payload.getClass().getSimpleName())
                .setBusinessId(BUSINESS)
                .setOccurredAt(OCCURRED)
                .setRecordedAt(RECORDED)
                .setSource("whatsapp-webhook")
                .setPayload(payload)
                .build();
    }

    static OptIn optIn() {
        return OptIn.newBuilder()
                .setConsentId("cns-7f3a9c")
                .setBusinessName("Acme Retail")
                .setScopes(List.of(scope(ConsentCategory.MARKETING, "weekly-offers"), scope(ConsentCategory.UTILITY, null)))
                .setChannel(Channel.WEB_FORM)
                .setNoticeVersion("2026-01")
                .setNoticeHash("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")
                .setLanguage("es-ES")
                .setEvidenceRef("form-submission-88123")
                .setIpAddress("203.0.113.7")
                .setUserAgent("Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X)")
                .setExpiresAt(OCCURRED.plusSeconds(365L * 24 * 3600))
                .build();
    }

    static OptOut optOut() {
        return OptOut.newBuilder()
                .setScopes(List.of(scope(ConsentCategory.ALL, null)))
                .setChannel(Channel.WHATSAPP)
                .setMethod(OptOutMethod.KEYWORD)
                .setEvidenceRef("wamid.HBgLMzQ2MTIzNDU2NzgVAgASGBQzRUIwQzY1")
                .build();
    }

    static InboundMessage inboundMessage() {
        return InboundMessage.newBuilder()
                .setMessageId("wamid.HBgLMzQ2MTIzNDU2NzgVAgASGBQzRUIwRDY2")
                .setSenderId(SENDER)
                .setType(InboundMessageType.TEXT)
                .setKeywordCandidate("hola")
                .setReferral(Referral.newBuilder().setSourceType("ad").setSourceId("120208888").setCtwaClid("ARAkLkA8").build())
                .setPhone(CONTACT)
                .setBsuid("ES.1410018717833190")
                .build();
    }

    static MarketingPreferenceChanged marketingPreferenceChanged() {
        return MarketingPreferenceChanged.newBuilder().setSenderId(SENDER).setPreference(MarketingPreference.STOP).build();
    }

    static DeliveryStatusReported deliveryStatusReported() {
        return DeliveryStatusReported.newBuilder()
                .setSenderId(SENDER)
                .setMessageId("wamid.HBgLMzQ2MTIzNDU2NzgVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA")
                .setStatus(DeliveryStatus.FAILED)
                .setErrorCodes(List.of(131049))
                .setRequestId("req-42")
                .setPricingCategory("marketing")
                .build();
    }

    static ErasureRequested erasureRequested() {
        return ErasureRequested.newBuilder().setRequestId("dsr-2026-0042").setRequestedBy("compliance@acme.example").build();
    }

    static IdentityLinked identityLinked() {
        return new IdentityLinked("+34612345678", "ES.1410018717833190");
    }

    static SenderQualityChanged senderQualityChanged() {
        return SenderQualityChanged.newBuilder()
                .setSenderId(SENDER)
                .setDisplayPhoneNumber("+34 910 00 00 00")
                .setQualityRating(QualityRating.YELLOW)
                .setStatus(SenderStatus.FLAGGED)
                .setWebhookEvent("FLAGGED")
                .setCurrentLimit(MessagingTier.TIER_2K)
                .build();
    }

    static MessagingLimitChanged messagingLimitChanged() {
        return MessagingLimitChanged.newBuilder().setTier(MessagingTier.TIER_10K).build();
    }

    static TemplateStatusChanged templateStatusChanged() {
        return TemplateStatusChanged.newBuilder()
                .setTemplateName("spring_sale")
                .setLanguage("es")
                .setTemplateId("1289382938")
                .setStatus(TemplateStatus.PAUSED)
                .setCategory(MessageCategory.MARKETING)
                .setReason("LOW_QUALITY")
                .setOtherInfoTitle("FIRST_PAUSE")
                .build();
    }

    static io.consentgate.avro.SenderRateLimited senderRateLimited() {
        return io.consentgate.avro.SenderRateLimited.newBuilder().setSenderId(SENDER).setErrorCode(131048).setMessageId("wamid.HBgLMzQ2").build();
    }

    static io.consentgate.avro.TemplatesListed templatesListed() {
        return new io.consentgate.avro.TemplatesListed(List.of(new io.consentgate.avro.ListedTemplate("order_update", "es"),
                new io.consentgate.avro.ListedTemplate("order_update", "pt_BR")), 2);
    }

    static TemplateCategoryChanged templateCategoryChanged() {
        return TemplateCategoryChanged.newBuilder()
                .setTemplateName("order_update")
                .setLanguage("en_US")
                .setTemplateId("1289382939")
                .setPreviousCategory(MessageCategory.UTILITY)
                .setNewCategory(MessageCategory.MARKETING)
                .build();
    }

    static SendRequest templateRequest() {
        return SendRequest.newBuilder()
                .setRequestId("req-42")
                .setBusinessId(BUSINESS)
                .setSenderId(SENDER)
                .setContact(CONTACT)
                .setRequestedAt(OCCURRED)
                .setKind(MessageKind.TEMPLATE)
                .setTemplate(TemplateRef.newBuilder().setName("spring_sale").setLanguage("es")
                        .setCategory(MessageCategory.MARKETING).build())
                .setConsentTopic("weekly-offers")
                .setPayload(ByteBuffer.wrap("{\"components\":[]}".getBytes(StandardCharsets.UTF_8)))
                .build();
    }

    static SendRequest freeFormRequest() {
        return SendRequest.newBuilder(templateRequest())
                .setRequestId("req-43")
                .setKind(MessageKind.FREE_FORM)
                .setTemplate(null)
                .setConsentTopic(null)
                .setPayload(null)
                .build();
    }

    static ApprovedSend approvedSend() {
        return ApprovedSend.newBuilder()
                .setRequest(templateRequest())
                .setContact(CONTACT)
                .setDecidedAt(RECORDED)
                .setBasis(ApprovalBasis.CONSENT)
                .setConsentId("cns-7f3a9c")
                .setWindowClosesAt(null)
                .setPricingCategory(MessageCategory.MARKETING)
                .setBillable(true)
                .setFreeBecause(null)
                .setCountedTowardLimit(true)
                .build();
    }

    static SendRejection sendRejection() {
        return SendRejection.newBuilder()
                .setRequest(templateRequest())
                .setDecidedAt(RECORDED)
                .setReason(RejectionReason.QUIET_HOURS)
                .setDetail("marketing is not sent between 21:00 and 09:00 Europe/Madrid; retry after 09:00")
                .setRetryAfter(Instant.parse("2026-03-02T08:00:00Z"))
                .setConsentId("cns-7f3a9c")
                .build();
    }

    static ContactState contactState() {
        return ContactState.newBuilder()
                .setBusinessId(BUSINESS)
                .setContact(CONTACT)
                .setUpdatedAt(RECORDED)
                .setScopes(List.of(ScopeState.newBuilder()
                        .setScope(scope(ConsentCategory.MARKETING, "weekly-offers"))
                        .setStatus(ConsentStatus.OPTED_IN)
                        .setSince(OCCURRED)
                        .setChannel(Channel.WEB_FORM)
                        .setConsentId("cns-7f3a9c")
                        .setEvidenceRef("form-submission-88123")
                        .build()))
                .setSenders(List.of(SenderContactState.newBuilder()
                        .setSenderId(SENDER)
                        .setLastInboundAt(OCCURRED)
                        .setFreeEntryPointAt(OCCURRED)
                        .setWindowMismatches(1)
                        .build()))
                .setRecentSends(List.of(RecentSend.newBuilder().setCategory(MessageCategory.MARKETING).setAt(RECORDED).build()))
                .setRecentEventIds(List.of("evt-OptIn", "evt-InboundMessage"))
                .setDelivery(io.consentgate.avro.ContactDeliveryState.newBuilder()
                        .setUndeliverableAt(List.of(OCCURRED, RECORDED))
                        .setRunResetAt(OCCURRED.minusSeconds(60))
                        .setPairRateLimits(List.of(new io.consentgate.avro.PairRateLimit(SENDER, OCCURRED)))
                        .build())
                .build();
    }

    static ContactState erasedContactState() {
        return ContactState.newBuilder()
                .setBusinessId(BUSINESS)
                .setContactHash("b1946ac92492d2347c6235b4d2611184")
                .setUpdatedAt(RECORDED)
                .setScopes(List.of(ScopeState.newBuilder()
                        .setScope(scope(ConsentCategory.ALL, null))
                        .setStatus(ConsentStatus.OPTED_OUT)
                        .setSince(OCCURRED)
                        .build()))
                .setErasedAt(RECORDED)
                .build();
    }

    private static ConsentScope scope(ConsentCategory category, String topic) {
        return ConsentScope.newBuilder().setCategory(category).setTopic(topic).build();
    }

    private SampleRecords() {
    }
}
