package io.consentgate.bench;

import io.consentgate.avro.Channel;
import io.consentgate.avro.ConsentCategory;
import io.consentgate.avro.ConsentScope;
import io.consentgate.avro.ContactEvent;
import io.consentgate.avro.InboundMessage;
import io.consentgate.avro.InboundMessageType;
import io.consentgate.avro.MessageCategory;
import io.consentgate.avro.MessageKind;
import io.consentgate.avro.OptIn;
import io.consentgate.avro.OptOut;
import io.consentgate.avro.OptOutMethod;
import io.consentgate.avro.QualityRating;
import io.consentgate.avro.SendRequest;
import io.consentgate.avro.SenderStatus;
import io.consentgate.avro.TemplateRef;
import io.consentgate.avro.TemplateStatus;
import io.consentgate.domain.business.SenderState;
import io.consentgate.domain.business.TemplateState;
import io.consentgate.domain.keyword.KeywordNormalizer;
import io.consentgate.domain.policy.BusinessPolicy;
import io.consentgate.domain.state.ContactFacts;
import io.consentgate.domain.state.ContactFactsFold;
import io.consentgate.domain.state.ErasureHasher;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/**
 * A contact as the gate typically holds it: opted in to everything, out of one marketing topic,
 * wrote a day and a half ago, received one marketing message, 20 events remembered.
 */
final class WarmContact {

    static final String BUSINESS = "acme";
    static final String SENDER = "sender-1";
    static final String PHONE = "+34612345678";
    static final Instant NOW = Instant.parse("2026-06-01T10:00:00Z");
    static final BusinessPolicy POLICY = new BusinessPolicy("ES", ZoneId.of("Europe/Madrid"), BusinessPolicy.DEFAULTS.windowMargin(),
            BusinessPolicy.DEFAULTS.frequencyCaps(), BusinessPolicy.DEFAULTS.quietHours(), BusinessPolicy.DEFAULTS.qualityPolicy(),
            BusinessPolicy.DEFAULTS.marketingBlockedRegions(), BusinessPolicy.DEFAULTS.keywords(), BusinessPolicy.DEFAULTS.pricing());
    static final ContactFactsFold FOLD = new ContactFactsFold(businessId -> POLICY, new ErasureHasher(new byte[32]));
    static final TemplateRef MARKETING_TEMPLATE = new TemplateRef("spring_sale", "es", MessageCategory.MARKETING);
    static final TemplateState APPROVED = new TemplateState(BUSINESS, "spring_sale", "es", TemplateStatus.APPROVED, MessageCategory.MARKETING,
            NOW.minus(Duration.ofDays(30)));
    static final SenderState HEALTHY_SENDER = new SenderState(BUSINESS, SENDER, QualityRating.GREEN, SenderStatus.CONNECTED,
            NOW.minus(Duration.ofDays(30)), NOW.minus(Duration.ofDays(1)));

    private WarmContact() {
    }

    static ContactFacts state() {
        ContactFacts state = FOLD.apply(null, event("opt-in", NOW.minus(Duration.ofDays(20)), OptIn.newBuilder().setConsentId("consent-1")
                .setBusinessName("ACME").setScopes(List.of(new ConsentScope(ConsentCategory.ALL, null))).setChannel(Channel.WEB_FORM)
                .setNoticeVersion("v3").setNoticeHash("ab".repeat(32)).setLanguage("es-ES").setEvidenceRef("form-981").build()));
        state = FOLD.apply(state, event("opt-out", NOW.minus(Duration.ofDays(10)),
                new OptOut(List.of(new ConsentScope(ConsentCategory.MARKETING, "weekly-offers")), Channel.WEB_FORM, OptOutMethod.REQUEST, null)));
        for (int i = 0; i < 18; i++) {
            state = FOLD.apply(state, event("inbound-" + i, NOW.minus(Duration.ofHours(36 + i)), inbound("wamid." + i, "hola")));
        }
        return FOLD.recordSend(state, MessageCategory.MARKETING, NOW.minus(Duration.ofDays(2)));
    }

    static SendRequest marketingRequest() {
        return new SendRequest("request-1", BUSINESS, SENDER, PHONE, NOW, MessageKind.TEMPLATE, MARKETING_TEMPLATE, null, null, null);
    }

    static ContactEvent event(String id, Instant at, Object payload) {
        return new ContactEvent(id, BUSINESS, PHONE, at, at, "bench", payload);
    }

    static InboundMessage inbound(String messageId, String text) {
        return InboundMessage.newBuilder().setMessageId(messageId).setSenderId(SENDER).setType(InboundMessageType.TEXT)
                .setKeywordCandidate(KeywordNormalizer.keywordCandidate(text)).setPhone(PHONE).build();
    }
}
