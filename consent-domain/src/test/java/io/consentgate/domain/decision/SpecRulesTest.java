package io.consentgate.domain.decision;

import static io.consentgate.avro.ApprovalBasis.CONSENT;
import static io.consentgate.avro.ApprovalBasis.CUSTOMER_SERVICE_WINDOW;
import static io.consentgate.avro.ApprovalBasis.OPT_OUT_CONFIRMATION;
import static io.consentgate.avro.RejectionReason.OPT_OUT_CONFIRMATION_REFUSED;
import static io.consentgate.avro.ConsentCategory.ALL;
import static io.consentgate.avro.ConsentCategory.UTILITY;
import static io.consentgate.avro.MessageCategory.MARKETING;
import static io.consentgate.avro.RejectionReason.CONSENT_EXPIRED;
import static io.consentgate.avro.RejectionReason.CONTACT_ERASED;
import static io.consentgate.avro.RejectionReason.CONTACT_UNDELIVERABLE;
import static io.consentgate.avro.RejectionReason.PAIR_RATE_LIMITED;
import static io.consentgate.avro.RejectionReason.SENDER_RATE_LIMITED;
import static io.consentgate.domain.Fixtures.delivered;
import static io.consentgate.domain.Fixtures.deliveredPriced;
import static io.consentgate.domain.Fixtures.rateLimitedSender;
import static io.consentgate.domain.Fixtures.undeliverableThrice;
import static io.consentgate.avro.RejectionReason.DUPLICATE_REQUEST;
import static io.consentgate.avro.RejectionReason.FREQUENCY_CAPPED;
import static io.consentgate.avro.RejectionReason.INVALID_REQUEST;
import static io.consentgate.avro.RejectionReason.MARKETING_BACKOFF;
import static io.consentgate.avro.RejectionReason.MARKETING_STOPPED;
import static io.consentgate.avro.RejectionReason.NO_CONSENT;
import static io.consentgate.avro.RejectionReason.OPTED_OUT;
import static io.consentgate.avro.RejectionReason.QUIET_HOURS;
import static io.consentgate.avro.RejectionReason.REGION_BLOCKED;
import static io.consentgate.avro.RejectionReason.SENDER_QUALITY_LOW;
import static io.consentgate.avro.RejectionReason.SENDER_RESTRICTED;
import static io.consentgate.avro.RejectionReason.TEMPLATE_NOT_APPROVED;
import static io.consentgate.avro.RejectionReason.WINDOW_CLOSED;
import static io.consentgate.domain.Fixtures.POLICY;
import static io.consentgate.domain.Fixtures.T0;
import static io.consentgate.domain.Fixtures.US_PHONE;
import static io.consentgate.domain.Fixtures.buttonReply;
import static io.consentgate.domain.Fixtures.delivered;
import static io.consentgate.domain.Fixtures.inboundFromAd;
import static io.consentgate.domain.Fixtures.status;
import static io.consentgate.domain.Fixtures.erasure;
import static io.consentgate.domain.Fixtures.event;
import static io.consentgate.domain.Fixtures.failed;
import static io.consentgate.domain.Fixtures.freeForm;
import static io.consentgate.domain.Fixtures.inbound;
import static io.consentgate.domain.Fixtures.marketing;
import static io.consentgate.domain.Fixtures.optIn;
import static io.consentgate.domain.Fixtures.optOut;
import static io.consentgate.domain.Fixtures.request;
import static io.consentgate.domain.Fixtures.scopes;
import static io.consentgate.domain.Fixtures.sender;
import static io.consentgate.domain.Fixtures.template;
import static io.consentgate.domain.Fixtures.templateIn;
import static io.consentgate.domain.Fixtures.templateRef;
import static io.consentgate.domain.decision.Scenario.spec;
import static org.assertj.core.api.Assertions.assertThat;

import io.consentgate.domain.Fixtures;
import io.consentgate.avro.Channel;
import io.consentgate.avro.ConsentCategory;
import io.consentgate.avro.DeliveryStatus;
import io.consentgate.avro.InboundMessage;
import io.consentgate.avro.InboundMessageType;
import io.consentgate.avro.OptOut;
import io.consentgate.avro.OptOutMethod;
import io.consentgate.avro.ConsentScope;
import io.consentgate.avro.MarketingPreference;
import io.consentgate.avro.MessageCategory;
import io.consentgate.avro.MessageKind;
import io.consentgate.avro.QualityRating;
import io.consentgate.avro.RejectionReason;
import io.consentgate.avro.SendRequest;
import io.consentgate.avro.SenderStatus;
import io.consentgate.avro.TemplateStatus;
import io.consentgate.domain.business.TemplateState;
import io.consentgate.domain.keyword.KeywordLists;
import io.consentgate.domain.policy.BusinessPolicy;
import io.consentgate.domain.policy.DeliveryPolicy;
import io.consentgate.domain.state.ContactFacts;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * docs/rules.md, rule by rule: each row is one statement of it (labelled with the section it belongs to), the situation
 * it describes, and the decision it asks for.
 */
class SpecRulesTest {

    private static final Instant BEFORE = T0.minus(Duration.ofDays(10));
    private static final Instant EARLIER = T0.minus(Duration.ofDays(5));
    private static final Instant HOUR_AGO = T0.minus(Duration.ofHours(1));
    private static final Instant DAY_AGO = T0.minus(Duration.ofHours(25));
    /** From then on, service messages and UTILITY inside the window are billed too (PricingPolicy.DEFAULTS). */
    private static final Instant PRICING_CHANGE = Instant.parse("2026-10-01T00:00:00Z");

    static Stream<Scenario> rows() {
        return Stream.of(
                // kinds: free-form
                spec("kinds: free-form inside the CSW is allowed")
                        .given(event("in", HOUR_AGO, inbound("m1", "hola"))).when(freeForm("r")).then(CUSTOMER_SERVICE_WINDOW),
                spec("kinds: free-form to a contact who never wrote is refused: WINDOW_CLOSED")
                        .given(event("oi", BEFORE, optIn("c1", ALL))).when(freeForm("r")).then(WINDOW_CLOSED),
                spec("kinds: free-form after the window closed is refused: WINDOW_CLOSED")
                        .given(event("in", DAY_AGO, inbound("m1", "hola"))).when(freeForm("r")).then(WINDOW_CLOSED),
                // kinds: utility / authentication
                spec("kinds: UTILITY inside the CSW needs no opt-in")
                        .given(event("in", HOUR_AGO, inbound("m1", "hola"))).when(template("r", MessageCategory.UTILITY)).then(CUSTOMER_SERVICE_WINDOW),
                spec("kinds: UTILITY outside the CSW with an opt-in covering it is allowed")
                        .given(event("oi", BEFORE, optIn("c1", UTILITY))).when(template("r", MessageCategory.UTILITY)).then(CONSENT),
                spec("kinds: UTILITY outside the CSW without opt-in is refused: NO_CONSENT")
                        .when(template("r", MessageCategory.UTILITY)).then(NO_CONSENT),
                spec("kinds: AUTHENTICATION outside the CSW with an ALL opt-in is allowed")
                        .given(event("oi", BEFORE, optIn("c1", ALL))).when(template("r", MessageCategory.AUTHENTICATION)).then(CONSENT),
                spec("kinds: AUTHENTICATION outside the CSW with only a UTILITY opt-in is refused: NO_CONSENT")
                        .given(event("oi", BEFORE, optIn("c1", UTILITY))).when(template("r", MessageCategory.AUTHENTICATION)).then(NO_CONSENT),
                spec("consent: a customer writing to the business is not an opt-in")
                        .given(event("in", DAY_AGO, inbound("m1", "hola"))).when(template("r", MessageCategory.UTILITY)).then(NO_CONSENT),
                spec("kinds: UTILITY inside the CSW goes even to a contact opted out of everything")
                        .given(event("oo", EARLIER, optOut(ALL)), event("in", HOUR_AGO, inbound("m1", "hola")))
                        .when(template("r", MessageCategory.UTILITY)).then(CUSTOMER_SERVICE_WINDOW),
                spec("kinds: UTILITY outside the CSW to a contact opted out of it is refused: OPTED_OUT")
                        .given(event("oi", BEFORE, optIn("c1", UTILITY)), event("oo", EARLIER, optOut(UTILITY)))
                        .when(template("r", MessageCategory.UTILITY)).then(OPTED_OUT),
                // pricing: the free entry point (cost only) and the 2026-10-01 change
                spec("pricing: a reply delivered within 24 h of a referral opens a free entry point: MARKETING on consent is free")
                        .given(event("oi", BEFORE, optIn("c1", ALL)), event("in", hoursBefore(30), inboundFromAd("m1")),
                                event("ds", hoursBefore(29), delivered("wamid.reply")))
                        .when(template("r", MARKETING)).then(CONSENT).priced("FREE_ENTRY_POINT"),
                spec("pricing: the referral alone opens no free entry point: MARKETING on consent is billed")
                        .given(event("oi", BEFORE, optIn("c1", ALL)), event("in", hoursBefore(30), inboundFromAd("m1")))
                        .when(template("r", MARKETING)).then(CONSENT).priced(Scenario.BILLED),
                spec("pricing: a reply delivered 24 h or more after the referral opens no free entry point")
                        .given(event("oi", BEFORE, optIn("c1", ALL)), event("in", hoursBefore(50), inboundFromAd("m1")),
                                event("ds", hoursBefore(26), delivered("wamid.reply")))
                        .when(template("r", MARKETING)).then(CONSENT).priced(Scenario.BILLED),
                spec("pricing: a reply delivered before the referral's own time answers nothing")
                        .given(event("oi", BEFORE, optIn("c1", ALL)), event("ds", hoursBefore(31), delivered("wamid.reply")),
                                event("in", hoursBefore(30), inboundFromAd("m1")))
                        .when(template("r", MARKETING)).then(CONSENT).priced(Scenario.BILLED),
                spec("pricing: a message SENT and never DELIVERED opens no free entry point")
                        .given(event("oi", BEFORE, optIn("c1", ALL)), event("in", hoursBefore(30), inboundFromAd("m1")),
                                event("ds", hoursBefore(29), status("wamid.reply", DeliveryStatus.SENT)))
                        .when(template("r", MARKETING)).then(CONSENT).priced(Scenario.BILLED),
                spec("pricing: the free entry point runs 72 h from the reply's delivery, not from the referral")
                        .given(event("oi", BEFORE, optIn("c1", ALL)), event("in", hoursBefore(80), inboundFromAd("m1")),
                                event("ds", hoursBefore(71), delivered("wamid.reply")))
                        .when(template("r", MARKETING)).then(CONSENT).priced("FREE_ENTRY_POINT"),
                spec("pricing: after 72 h from the reply's delivery it is closed")
                        .given(event("oi", BEFORE, optIn("c1", ALL)), event("in", hoursBefore(80), inboundFromAd("m1")),
                                event("ds", hoursBefore(73), delivered("wamid.reply")))
                        .when(template("r", MARKETING)).then(CONSENT).priced(Scenario.BILLED),
                spec("pricing: later deliveries do not extend the free entry point")
                        .given(event("oi", BEFORE, optIn("c1", ALL)), event("in", hoursBefore(90), inboundFromAd("m1")),
                                event("ds1", hoursBefore(89), delivered("wamid.reply1")), event("ds2", hoursBefore(70), delivered("wamid.reply2")))
                        .when(template("r", MARKETING)).then(CONSENT).priced(Scenario.BILLED),
                spec("pricing: of statuses arriving out of order, the earliest delivery opens the free entry point")
                        .given(event("oi", BEFORE, optIn("c1", ALL)), event("in", hoursBefore(80), inboundFromAd("m1")),
                                event("ds2", hoursBefore(70), delivered("wamid.reply2")), event("ds1", hoursBefore(75), delivered("wamid.reply1")))
                        .when(template("r", MARKETING)).then(CONSENT).priced(Scenario.BILLED),
                spec("pricing: a new referral answered within 24 h starts a new free entry point")
                        .given(event("oi", BEFORE, optIn("c1", ALL)), event("in1", hoursBefore(100), inboundFromAd("m1")),
                                event("ds1", hoursBefore(99), delivered("wamid.reply1")), event("in2", hoursBefore(40), inboundFromAd("m2")),
                                event("ds2", hoursBefore(39), delivered("wamid.reply2")))
                        .when(template("r", MARKETING)).then(CONSENT).priced("FREE_ENTRY_POINT"),
                spec("pricing: Meta's word: a reply Meta priced free_entry_point opens one without a referral the gate saw")
                        .given(event("oi", BEFORE, optIn("c1", ALL)), event("ds", hoursBefore(29), deliveredPriced("wamid.reply", "free_entry_point", false)))
                        .when(template("r", MARKETING)).then(CONSENT).priced("FREE_ENTRY_POINT"),
                spec("pricing: Meta's word: free_entry_point opens it from that delivery, for 72 h")
                        .given(event("oi", BEFORE, optIn("c1", ALL)), event("ds", hoursBefore(73), deliveredPriced("wamid.reply", "free_entry_point", false)))
                        .when(template("r", MARKETING)).then(CONSENT).priced(Scenario.BILLED),
                spec("pricing: Meta's word: a later free_entry_point delivery does not extend the one the prediction opened")
                        .given(event("oi", BEFORE, optIn("c1", ALL)), event("in", hoursBefore(80), inboundFromAd("m1")),
                                event("ds1", hoursBefore(79), delivered("wamid.reply1")),
                                event("ds2", hoursBefore(70), deliveredPriced("wamid.reply2", "free_entry_point", false)))
                        .when(template("r", MARKETING)).then(CONSENT).priced(Scenario.BILLED),
                spec("pricing: a reply Meta priced regular opens nothing without a referral")
                        .given(event("oi", BEFORE, optIn("c1", ALL)), event("ds", hoursBefore(29), deliveredPriced("wamid.reply", "regular", true)))
                        .when(template("r", MARKETING)).then(CONSENT).priced(Scenario.BILLED),
                spec("pricing: a free entry point is another sender's: it does not make this sender's message free")
                        .given(event("oi", BEFORE, optIn("c1", ALL)), event("in", hoursBefore(30), inboundFromAd("m1")),
                                event("ds", hoursBefore(29), delivered("wamid.reply")))
                        .when(fromOtherSender(template("r", MARKETING))).then(CONSENT).priced(Scenario.BILLED),
                spec("pricing: a free entry point changes cost only: free-form outside the window is still WINDOW_CLOSED")
                        .given(event("in", hoursBefore(30), inboundFromAd("m1")), event("ds", hoursBefore(29), delivered("wamid.reply")))
                        .when(freeForm("r")).then(WINDOW_CLOSED),
                spec("pricing: a free entry point changes cost only: MARKETING without consent is still NO_CONSENT")
                        .given(event("in", hoursBefore(30), inboundFromAd("m1")), event("ds", hoursBefore(29), delivered("wamid.reply")))
                        .when(template("r", MARKETING)).then(NO_CONSENT),
                spec("pricing: inside a free entry point a reply is free also after 2026-10-01")
                        .given(event("in", PRICING_CHANGE.plus(Duration.ofHours(5)), inboundFromAd("m1")),
                                event("ds", PRICING_CHANGE.plus(Duration.ofHours(6)), delivered("wamid.reply")))
                        .at(PRICING_CHANGE.plus(Duration.ofHours(7))).when(freeForm("r")).then(CUSTOMER_SERVICE_WINDOW).priced("FREE_ENTRY_POINT"),
                spec("pricing: a free-form reply inside the window is free before 2026-10-01")
                        .given(event("in", HOUR_AGO, inbound("m1", "hola"))).when(freeForm("r")).then(CUSTOMER_SERVICE_WINDOW)
                        .priced("CUSTOMER_SERVICE_WINDOW"),
                spec("pricing: a free-form reply inside the window is billed from 2026-10-01T00:00Z")
                        .given(event("in", PRICING_CHANGE.minusSeconds(3600), inbound("m1", "hola"))).at(PRICING_CHANGE)
                        .when(freeForm("r")).then(CUSTOMER_SERVICE_WINDOW).priced(Scenario.BILLED),
                spec("pricing: MARKETING inside the window is billed")
                        .given(event("oi", BEFORE, optIn("c1", ConsentCategory.MARKETING)), event("in", HOUR_AGO, inbound("m1", "hola")))
                        .when(template("r", MARKETING)).then(CUSTOMER_SERVICE_WINDOW).priced(Scenario.BILLED),
                // kinds: marketing
                spec("kinds: MARKETING inside the CSW needs an active marketing opt-in: NO_CONSENT")
                        .given(event("in", HOUR_AGO, inbound("m1", "hola"))).when(template("r", MARKETING)).then(NO_CONSENT),
                spec("kinds: MARKETING inside the CSW with a marketing opt-in is allowed")
                        .given(event("oi", BEFORE, optIn("c1", ConsentCategory.MARKETING)), event("in", HOUR_AGO, inbound("m1", "hola")))
                        .when(template("r", MARKETING)).then(CUSTOMER_SERVICE_WINDOW),
                spec("kinds: MARKETING inside the CSW with an expired marketing opt-in is refused: CONSENT_EXPIRED")
                        .given(event("oi", BEFORE, optIn("c1", scopes(ConsentCategory.MARKETING), EARLIER)), event("in", HOUR_AGO, inbound("m1", "hola")))
                        .when(template("r", MARKETING)).then(CONSENT_EXPIRED),
                spec("kinds: a business may switch the marketing opt-in inside the CSW off")
                        .given(event("in", HOUR_AGO, inbound("m1", "hola"))).policy(POLICY.withMarketingInWindowNeedsOptIn(false))
                        .when(template("r", MARKETING)).then(CUSTOMER_SERVICE_WINDOW),
                spec("kinds: with the switch off, MARKETING inside the CSW still never goes to a contact opted out of it")
                        .given(event("oo", EARLIER, optOut(ConsentCategory.MARKETING)), event("in", HOUR_AGO, inbound("m1", "hola")))
                        .policy(POLICY.withMarketingInWindowNeedsOptIn(false)).when(template("r", MARKETING)).then(OPTED_OUT),
                spec("kinds: MARKETING inside the CSW to a contact opted out of marketing is refused: OPTED_OUT")
                        .given(event("oo", EARLIER, optOut(ConsentCategory.MARKETING)), event("in", HOUR_AGO, inbound("m1", "hola")))
                        .when(template("r", MARKETING)).then(OPTED_OUT),
                spec("kinds: MARKETING outside the CSW with a marketing opt-in is allowed")
                        .given(event("oi", BEFORE, optIn("c1", ConsentCategory.MARKETING))).when(template("r", MARKETING)).then(CONSENT),
                spec("kinds: MARKETING outside the CSW with only a UTILITY opt-in is refused: NO_CONSENT")
                        .given(event("oi", BEFORE, optIn("c1", UTILITY))).when(template("r", MARKETING)).then(NO_CONSENT),
                spec("kinds: MARKETING outside the CSW to a contact opted out of all is refused: OPTED_OUT")
                        .given(event("oi", BEFORE, optIn("c1", ConsentCategory.MARKETING)), event("oo", EARLIER, optOut(ALL)))
                        .when(template("r", MARKETING)).then(OPTED_OUT),
                // consent: the newest fact wins
                spec("consent: an opt-out wins over an older opt-in of the same scope, whatever order they arrive in")
                        .given(event("oo", EARLIER, optOut(ConsentCategory.MARKETING)), event("oi", BEFORE, optIn("c1", ConsentCategory.MARKETING)))
                        .when(template("r", MARKETING)).then(OPTED_OUT),
                spec("consent: a newer opt-in wins over an older opt-out")
                        .given(event("oo", BEFORE, optOut(ConsentCategory.MARKETING)), event("oi", EARLIER, optIn("c1", ConsentCategory.MARKETING)))
                        .when(template("r", MARKETING)).then(CONSENT),
                spec("consent: a newer marketing opt-in wins over an older opt-out of everything")
                        .given(event("oo", BEFORE, optOut(ALL)), event("oi", EARLIER, optIn("c1", ConsentCategory.MARKETING)))
                        .when(template("r", MARKETING)).then(CONSENT),
                spec("consent: an opt-in and an opt-out at the same instant: the opt-out wins")
                        .given(event("oi", EARLIER, optIn("c1", ConsentCategory.MARKETING)), event("oo", EARLIER, optOut(ConsentCategory.MARKETING)))
                        .when(template("r", MARKETING)).then(OPTED_OUT),
                // topics
                spec("topics: an opt-in to one topic covers requests of that topic")
                        .given(event("oi", BEFORE, optIn("c1", List.of(new ConsentScope(ConsentCategory.MARKETING, "weekly-offers")), null)))
                        .when(topic(MARKETING, "weekly-offers")).then(CONSENT),
                spec("topics: an opt-in to one topic does not cover requests without a topic")
                        .given(event("oi", BEFORE, optIn("c1", List.of(new ConsentScope(ConsentCategory.MARKETING, "weekly-offers")), null)))
                        .when(template("r", MARKETING)).then(NO_CONSENT),
                spec("topics: an opt-out of one topic refuses that topic even with a marketing opt-in")
                        .given(event("oi", BEFORE, optIn("c1", ConsentCategory.MARKETING)),
                                event("oo", EARLIER, optOut(List.of(new ConsentScope(ConsentCategory.MARKETING, "weekly-offers")))))
                        .when(topic(MARKETING, "weekly-offers")).then(OPTED_OUT),
                spec("topics: a MARKETING request without a topic stands for all topics: refused after an opt-out of any marketing topic")
                        .given(event("oi", BEFORE, optIn("c1", ConsentCategory.MARKETING)),
                                event("oo", EARLIER, optOut(List.of(new ConsentScope(ConsentCategory.MARKETING, "weekly-offers")))))
                        .when(template("r", MARKETING)).then(OPTED_OUT),
                spec("topics: a topic opted into again after its opt-out no longer refuses requests without a topic")
                        .given(event("oi", BEFORE, optIn("c1", ConsentCategory.MARKETING)),
                                event("oo", EARLIER, optOut(List.of(new ConsentScope(ConsentCategory.MARKETING, "weekly-offers")))),
                                event("oi2", HOUR_AGO, optIn("c2", List.of(new ConsentScope(ConsentCategory.MARKETING, "weekly-offers")), null)))
                        .when(template("r", MARKETING)).then(CONSENT),
                spec("topics: an opt-out of one topic leaves other topics opted in")
                        .given(event("oi", BEFORE, optIn("c1", ConsentCategory.MARKETING)),
                                event("oo", EARLIER, optOut(List.of(new ConsentScope(ConsentCategory.MARKETING, "weekly-offers")))))
                        .when(topic(MARKETING, "new-stores")).then(CONSENT),
                // consent: expiry
                spec("consent: consent past its expiry is no consent: CONSENT_EXPIRED")
                        .given(event("oi", BEFORE, optIn("c1", scopes(UTILITY), HOUR_AGO))).when(template("r", MessageCategory.UTILITY)).then(CONSENT_EXPIRED),
                spec("consent: consent expiring exactly now is expired")
                        .given(event("oi", BEFORE, optIn("c1", scopes(UTILITY), T0))).when(template("r", MessageCategory.UTILITY)).then(CONSENT_EXPIRED),
                spec("consent: consent expiring later is active")
                        .given(event("oi", BEFORE, optIn("c1", scopes(UTILITY), T0.plusSeconds(1)))).when(template("r", MessageCategory.UTILITY)).then(CONSENT),
                // window: its edges
                spec("window: the window is closed exactly 24 h after the inbound message")
                        .given(event("in", T0.minus(Duration.ofHours(24)), inbound("m1", "hola"))).when(freeForm("r")).then(WINDOW_CLOSED),
                spec("window: a window with exactly the margin left counts as closed")
                        .given(event("in", T0.minus(Duration.ofHours(24)).plusSeconds(60), inbound("m1", "hola"))).when(freeForm("r")).then(WINDOW_CLOSED),
                spec("window: a window with a second more than the margin left is open")
                        .given(event("in", T0.minus(Duration.ofHours(24)).plusSeconds(61), inbound("m1", "hola"))).when(freeForm("r")).then(CUSTOMER_SERVICE_WINDOW),
                spec("window: the margin is configuration: with none, one second left is open")
                        .given(event("in", T0.minus(Duration.ofHours(24)).plusSeconds(1), inbound("m1", "hola")))
                        .policy(withMargin(Duration.ZERO)).when(freeForm("r")).then(CUSTOMER_SERVICE_WINDOW),
                spec("window: the window runs from the message's own timestamp, however late it is recorded")
                        .given(event("in", DAY_AGO, inbound("m1", "hola"))).at(T0).when(freeForm("r")).then(WINDOW_CLOSED),
                spec("window: the window is per sender: another number's window does not count")
                        .given(event("in", HOUR_AGO, inbound("m1", "hola"))).when(fromOtherSender(freeForm("r"))).then(WINDOW_CLOSED),
                // keywords: opt-out and opt-back-in
                spec("keywords: 'STOP' is an opt-out, even inside the window for marketing")
                        .given(event("in", HOUR_AGO, inbound("m1", "STOP"))).when(template("r", MARKETING)).then(OPTED_OUT),
                spec("keywords: '¡BAJA!' is an opt-out")
                        .given(event("oi", BEFORE, optIn("c1", UTILITY)), event("in", DAY_AGO, inbound("m1", "¡BAJA!")))
                        .when(template("r", MessageCategory.UTILITY)).then(OPTED_OUT),
                spec("keywords: 'Stop 🛑' is an opt-out")
                        .given(event("in", HOUR_AGO, inbound("m1", "Stop 🛑"))).when(template("r", MARKETING)).then(OPTED_OUT),
                spec("keywords: 'stop!' is an opt-out")
                        .given(event("in", HOUR_AGO, inbound("m1", "stop!"))).when(template("r", MARKETING)).then(OPTED_OUT),
                spec("keywords: 'please don't stop sending' merely contains stop: not an opt-out")
                        .given(event("oi", BEFORE, optIn("c1", ConsentCategory.MARKETING)), event("in", HOUR_AGO, inbound("m1", "please don't stop sending"))).when(template("r", MARKETING)).then(CUSTOMER_SERVICE_WINDOW),
                spec("keywords: 'stop the order' merely contains stop: not an opt-out")
                        .given(event("oi", BEFORE, optIn("c1", ConsentCategory.MARKETING)), event("in", DAY_AGO, inbound("m1", "stop the order")))
                        .when(template("r", MARKETING)).then(CONSENT),
                spec("keywords: the 'Stop promotions' button is a marketing opt-out")
                        .given(event("in", HOUR_AGO, buttonReply("m1", "Stop promotions", "Stop promotions"))).when(template("r", MARKETING)).then(OPTED_OUT),
                spec("keywords: the 'Stop promotions' button leaves utility opted in")
                        .given(event("oi", BEFORE, optIn("c1", ALL)), event("in", DAY_AGO, buttonReply("m1", "STOP_PROMOTIONS", "Stop promotions")))
                        .when(template("r", MessageCategory.UTILITY)).then(CONSENT),
                spec("keywords: 'START' after 'STOP' reinstates the opt-in it withdrew")
                        .given(event("oi", BEFORE, optIn("c1", ALL)), event("in1", DAY_AGO.minusSeconds(600), inbound("m1", "STOP")),
                                event("in2", DAY_AGO, inbound("m2", "Start")))
                        .when(template("r", MARKETING)).then(CONSENT),
                spec("keywords: keyword lists are configurable per business")
                        .given(event("in", HOUR_AGO, inbound("m1", "Genug"))).policy(withOptOutKeywords("GENUG"))
                        .when(template("r", MARKETING)).then(OPTED_OUT),
                // marketing stop, delivery feedback
                spec("marketing stop: Meta's marketing stop refuses marketing from that sender: MARKETING_STOPPED")
                        .given(event("oi", BEFORE, optIn("c1", ALL)), event("ms", EARLIER, marketing(MarketingPreference.STOP)))
                        .when(template("r", MARKETING)).then(MARKETING_STOPPED),
                spec("marketing stop: Meta's marketing stop leaves utility alone")
                        .given(event("oi", BEFORE, optIn("c1", ALL)), event("ms", EARLIER, marketing(MarketingPreference.STOP)))
                        .when(template("r", MessageCategory.UTILITY)).then(CONSENT),
                spec("marketing stop: a newer resume lifts Meta's marketing stop")
                        .given(event("oi", BEFORE, optIn("c1", ALL)), event("ms", EARLIER, marketing(MarketingPreference.STOP)),
                                event("mr", HOUR_AGO, marketing(MarketingPreference.RESUME)))
                        .when(template("r", MARKETING)).then(CONSENT),
                spec("delivery feedback: delivery error 131050 records a marketing stop")
                        .given(event("oi", BEFORE, optIn("c1", ALL)), event("ds", EARLIER, failed(131050)))
                        .when(template("r", MARKETING)).then(MARKETING_STOPPED),
                spec("delivery feedback: delivery error 131049 backs off marketing for 24 h: MARKETING_BACKOFF")
                        .given(event("oi", BEFORE, optIn("c1", ALL)), event("ds", HOUR_AGO, failed(131049)))
                        .when(template("r", MARKETING)).then(MARKETING_BACKOFF),
                spec("delivery feedback: the 131049 back-off ends after 24 h")
                        .given(event("oi", BEFORE, optIn("c1", ALL)), event("ds", DAY_AGO, failed(131049)))
                        .when(template("r", MARKETING)).then(CONSENT),
                // templates
                spec("templates: a PAUSED template is refused: TEMPLATE_NOT_APPROVED")
                        .given(event("oi", BEFORE, optIn("c1", ALL))).template(templateIn(templateRef(MARKETING), TemplateStatus.PAUSED))
                        .when(template("r", MARKETING)).then(TEMPLATE_NOT_APPROVED),
                spec("templates: a REJECTED template is refused")
                        .given(event("oi", BEFORE, optIn("c1", ALL))).template(templateIn(templateRef(MessageCategory.UTILITY), TemplateStatus.REJECTED))
                        .when(template("r", MessageCategory.UTILITY)).then(TEMPLATE_NOT_APPROVED),
                spec("templates: a template with no known status is refused")
                        .given(event("oi", BEFORE, optIn("c1", ALL))).when(template("r", MessageCategory.UTILITY))
                        .template(null).then(TEMPLATE_NOT_APPROVED),
                spec("templates: an approved template missing from a complete template list is gone: TEMPLATE_NOT_APPROVED")
                        .given(event("oi", BEFORE, optIn("c1", ALL))).template(listedWithout(templateIn(templateRef(MessageCategory.UTILITY),
                                TemplateStatus.APPROVED), BEFORE))
                        .when(template("r", MessageCategory.UTILITY)).then(TEMPLATE_NOT_APPROVED),
                spec("templates: a template approved after the complete template list was taken is not gone by it")
                        .given(event("oi", BEFORE, optIn("c1", ALL))).template(listedWithout(new TemplateState(Fixtures.BUSINESS,
                                templateRef(MessageCategory.UTILITY).getName(), "es", TemplateStatus.APPROVED, MessageCategory.UTILITY, HOUR_AGO), DAY_AGO))
                        .when(template("r", MessageCategory.UTILITY)).then(CONSENT),
                spec("templates: Meta's category of a template rules: a 'utility' Meta calls MARKETING needs marketing consent")
                        .given(event("oi", BEFORE, optIn("c1", UTILITY))).template(approvedAs(MessageCategory.UTILITY, MARKETING))
                        .when(template("r", MessageCategory.UTILITY)).then(NO_CONSENT),
                // sender health
                spec("sender health: a RESTRICTED sender may not start conversations: SENDER_RESTRICTED")
                        .given(event("oi", BEFORE, optIn("c1", ALL))).sender(sender(QualityRating.GREEN, SenderStatus.RESTRICTED))
                        .when(template("r", MessageCategory.UTILITY)).then(SENDER_RESTRICTED),
                spec("sender health: a RESTRICTED sender still replies inside the CSW")
                        .given(event("in", HOUR_AGO, inbound("m1", "hola"))).sender(sender(QualityRating.GREEN, SenderStatus.RESTRICTED))
                        .when(freeForm("r")).then(CUSTOMER_SERVICE_WINDOW),
                spec("sender health: RED quality pauses marketing: SENDER_QUALITY_LOW")
                        .given(event("oi", BEFORE, optIn("c1", ALL))).sender(sender(QualityRating.RED, SenderStatus.CONNECTED))
                        .when(template("r", MARKETING)).then(SENDER_QUALITY_LOW),
                spec("sender health: a FLAGGED sender pauses marketing, inside the window too")
                        .given(event("oi", BEFORE, optIn("c1", ALL)), event("in", HOUR_AGO, inbound("m1", "hola"))).sender(sender(QualityRating.YELLOW, SenderStatus.FLAGGED))
                        .when(template("r", MARKETING)).then(SENDER_QUALITY_LOW),
                spec("sender health: RED quality lets other categories continue")
                        .given(event("oi", BEFORE, optIn("c1", ALL))).sender(sender(QualityRating.RED, SenderStatus.CONNECTED))
                        .when(template("r", MessageCategory.UTILITY)).then(CONSENT),
                // frequency caps
                spec("frequency caps: at most 2 MARKETING per 24 h: FREQUENCY_CAPPED")
                        .given(event("oi", BEFORE, optIn("c1", ALL))).marketingSentAt(T0.minus(Duration.ofHours(20)), HOUR_AGO)
                        .when(template("r", MARKETING)).then(FREQUENCY_CAPPED),
                spec("frequency caps: a send older than 24 h no longer counts toward the daily cap")
                        .given(event("oi", BEFORE, optIn("c1", ALL))).marketingSentAt(DAY_AGO, HOUR_AGO)
                        .when(template("r", MARKETING)).then(CONSENT),
                spec("frequency caps: at most 4 MARKETING per 7 days")
                        .given(event("oi", BEFORE, optIn("c1", ALL)))
                        .marketingSentAt(T0.minus(Duration.ofDays(6)), T0.minus(Duration.ofDays(4)), T0.minus(Duration.ofDays(3)), T0.minus(Duration.ofDays(2)))
                        .when(template("r", MARKETING)).then(FREQUENCY_CAPPED),
                spec("frequency caps: caps are per category: utility is not capped by marketing sends")
                        .given(event("oi", BEFORE, optIn("c1", ALL))).marketingSentAt(T0.minus(Duration.ofHours(20)), HOUR_AGO)
                        .when(template("r", MessageCategory.UTILITY)).then(CONSENT),
                // quiet hours
                spec("quiet hours: no MARKETING at 22:00 in Madrid: QUIET_HOURS")
                        .given(event("oi", BEFORE, optIn("c1", ALL))).when(template("r", MARKETING)).at(Instant.parse("2026-06-01T20:00:00Z")).then(QUIET_HOURS),
                spec("quiet hours: UTILITY at 22:00 in Madrid is fine")
                        .given(event("oi", BEFORE, optIn("c1", ALL))).when(template("r", MessageCategory.UTILITY)).at(Instant.parse("2026-06-01T20:00:00Z")).then(CONSENT),
                spec("quiet hours: at 08:30 in Madrid it is still 07:30 in the Canaries: a Spanish mobile is quiet until both are awake")
                        .given(event("oi", BEFORE, optIn("c1", ALL))).when(template("r", MARKETING)).at(Instant.parse("2026-06-01T06:30:00Z")).then(QUIET_HOURS),
                spec("quiet hours: at 09:30 in Madrid marketing goes")
                        .given(event("oi", BEFORE, optIn("c1", ALL))).when(template("r", MARKETING)).at(Instant.parse("2026-06-01T07:30:00Z")).then(CONSENT),
                // regions
                spec("regions: no marketing to US +1 numbers: REGION_BLOCKED")
                        .given(event("oi", US_PHONE, BEFORE, optIn("c1", ALL))).when(toUs(MARKETING)).at(Instant.parse("2026-06-01T16:00:00Z")).then(REGION_BLOCKED),
                spec("regions: utility to US numbers is fine")
                        .given(event("oi", US_PHONE, BEFORE, optIn("c1", ALL))).when(toUs(MessageCategory.UTILITY)).at(Instant.parse("2026-06-01T16:00:00Z")).then(CONSENT),
                // erasure
                spec("erasure: an erased contact's opt-outs are still honoured")
                        .given(event("oo", BEFORE, optOut(ConsentCategory.MARKETING)), event("er", EARLIER, erasure()))
                        .when(template("r", MARKETING)).then(OPTED_OUT),
                spec("erasure: an erased contact's opt-ins are gone: CONTACT_ERASED")
                        .given(event("oi", BEFORE, optIn("c1", ALL)), event("er", EARLIER, erasure()))
                        .when(template("r", MessageCategory.UTILITY)).then(CONTACT_ERASED),
                spec("erasure: a contact who comes back after an erasure can be answered again")
                        .given(event("oi", BEFORE, optIn("c1", ALL)), event("er", EARLIER, erasure()), event("in", HOUR_AGO, inbound("m1", "hola")))
                        .when(freeForm("r")).then(CUSTOMER_SERVICE_WINDOW),
                // opt-out: an opt-out of everything stops everything
                spec("opt-out: after STOP, free-form in the window the STOP message opened is refused: OPTED_OUT")
                        .given(event("in", HOUR_AGO, inbound("m1", "STOP"))).when(freeForm("r")).then(OPTED_OUT),
                spec("opt-out: after STOP, UTILITY in the window the STOP message opened is refused, opt-in or not")
                        .given(event("oi", BEFORE, optIn("c1", ALL)), event("in", HOUR_AGO, inbound("m1", "STOP")))
                        .when(template("r", MessageCategory.UTILITY)).then(OPTED_OUT),
                spec("opt-out: after STOP, AUTHENTICATION is refused too")
                        .given(event("in", HOUR_AGO, inbound("m1", "STOP"))).when(template("r", MessageCategory.AUTHENTICATION)).then(OPTED_OUT),
                spec("opt-out: an opt-out of ALL from the capture API refuses free-form in a window opened before it")
                        .given(event("in", HOUR_AGO, inbound("m1", "hola")), event("oo", T0.minusSeconds(600), optOut(ALL)))
                        .when(freeForm("r")).then(OPTED_OUT),
                spec("opt-out: a reply in a window the contact opened after the opt-out is allowed")
                        .given(event("oo", EARLIER, optOut(ALL)), event("in", HOUR_AGO, inbound("m1", "hola")))
                        .when(freeForm("r")).then(CUSTOMER_SERVICE_WINDOW),
                spec("opt-out: an opt-out of MARKETING leaves replies in the window it was made in alone")
                        .given(event("in", HOUR_AGO, buttonReply("m1", "Stop promotions", "Stop promotions"))).when(freeForm("r"))
                        .then(CUSTOMER_SERVICE_WINDOW),
                spec("opt-out: an opt-out of UTILITY refuses UTILITY in the window it was made in")
                        .given(event("in", HOUR_AGO, inbound("m1", "hola")), event("oo", T0.minusSeconds(600), optOut(UTILITY)))
                        .when(template("r", MessageCategory.UTILITY)).then(OPTED_OUT),
                // confirmation: the one message that confirms an opt-out
                spec("confirmation: the confirmation of a STOP goes free-form in the window the STOP opened")
                        .given(event("in", HOUR_AGO, inbound("wamid.stop", "STOP"))).when(confirming(freeForm("r"), "wamid.stop"))
                        .then(OPT_OUT_CONFIRMATION),
                spec("confirmation: an opt-out named by its event id is confirmed with a UTILITY template outside any window")
                        .given(event("oo-evt", HOUR_AGO, optOut(ALL))).when(confirming(template("r", MessageCategory.UTILITY), "oo-evt"))
                        .then(OPT_OUT_CONFIRMATION),
                spec("confirmation: a second confirmation of the same opt-out is refused: OPT_OUT_CONFIRMATION_REFUSED")
                        .given(event("in", HOUR_AGO, inbound("wamid.stop", "STOP"))).confirmedBefore("wamid.stop")
                        .when(confirming(freeForm("r2"), "wamid.stop")).then(OPT_OUT_CONFIRMATION_REFUSED),
                spec("confirmation: 24 h after the opt-out its confirmation is refused")
                        .given(event("oo-evt", DAY_AGO, optOut(ALL))).when(confirming(template("r", MessageCategory.UTILITY), "oo-evt"))
                        .then(OPT_OUT_CONFIRMATION_REFUSED),
                spec("confirmation: a confirmation naming no opt-out the contact made is refused")
                        .given(event("oo-evt", HOUR_AGO, optOut(ALL))).when(confirming(template("r", MessageCategory.UTILITY), "other"))
                        .then(OPT_OUT_CONFIRMATION_REFUSED),
                spec("confirmation: a MARKETING confirmation is refused")
                        .given(event("oo-evt", HOUR_AGO, optOut(ALL))).when(confirming(template("r", MARKETING), "oo-evt"))
                        .then(OPT_OUT_CONFIRMATION_REFUSED),
                spec("confirmation: a free-form confirmation needs Meta's window open: WINDOW_CLOSED")
                        .given(event("oo-evt", HOUR_AGO, optOut(ALL))).when(confirming(freeForm("r"), "oo-evt")).then(WINDOW_CLOSED),
                spec("confirmation: a newer opt-out than the one confirmed refuses it: OPTED_OUT")
                        .given(event("oo-m", T0.minusSeconds(1200), optOut(ConsentCategory.MARKETING)), event("oo-all", T0.minusSeconds(600), optOut(ALL)))
                        .when(confirming(template("r", MessageCategory.UTILITY), "oo-m")).then(OPTED_OUT),
                // opt back in: a keyword undoes only what it names
                spec("opt back in: START does not lift an opt-out made through the capture API")
                        .given(event("oi", BEFORE, optIn("c1", ALL)), event("oo", EARLIER, optOut(ALL)), event("in", DAY_AGO, inbound("m1", "START")))
                        .when(template("r", MessageCategory.UTILITY)).then(OPTED_OUT),
                spec("opt back in: START does not lift a complaint")
                        .given(event("oi", BEFORE, optIn("c1", ALL)), event("oo", EARLIER, optOutBy(OptOutMethod.COMPLAINT, Channel.WHATSAPP)),
                                event("in", DAY_AGO, inbound("m1", "START")))
                        .when(template("r", MessageCategory.UTILITY)).then(OPTED_OUT),
                spec("opt back in: START does not lift an administrative block")
                        .given(event("oi", BEFORE, optIn("c1", ALL)), event("oo", EARLIER, optOutBy(OptOutMethod.ADMINISTRATIVE, Channel.OTHER)),
                                event("in", DAY_AGO, inbound("m1", "START")))
                        .when(template("r", MessageCategory.UTILITY)).then(OPTED_OUT),
                spec("opt back in: START does not lift the 'Stop promotions' button")
                        .given(event("oi", BEFORE, optIn("c1", ALL)), event("in1", EARLIER, buttonReply("m1", "Stop promotions", "Stop promotions")),
                                event("in2", DAY_AGO, inbound("m2", "START")))
                        .when(template("r", MARKETING)).then(OPTED_OUT),
                spec("opt back in: START does not lift Meta's marketing stop")
                        .given(event("oi", BEFORE, optIn("c1", ALL)), event("ms", EARLIER, marketing(MarketingPreference.STOP)),
                                event("in", DAY_AGO, inbound("m1", "START")))
                        .when(template("r", MARKETING)).then(MARKETING_STOPPED),
                spec("opt back in: START restores no opt-in that had expired by then: NO_CONSENT")
                        .given(event("oi", BEFORE, optIn("c1", scopes(ALL), EARLIER)), event("in1", BEFORE.plusSeconds(3600), inbound("m1", "STOP")),
                                event("in2", DAY_AGO, inbound("m2", "START")))
                        .when(template("r", MessageCategory.UTILITY)).then(NO_CONSENT),
                spec("opt back in: a capture-API opt-in with proof gives consent after any opt-out")
                        .given(event("oo", BEFORE, optOutBy(OptOutMethod.COMPLAINT, Channel.WHATSAPP)), event("oi", EARLIER, optIn("c2", ALL)))
                        .when(template("r", MessageCategory.UTILITY)).then(CONSENT),
                // keywords on buttons, per language
                spec("keywords: a quick-reply 'STOP' is an opt-out")
                        .given(event("in", HOUR_AGO, buttonReply("m1", "STOP", "STOP"))).when(freeForm("r")).then(OPTED_OUT),
                spec("keywords: an interactive reply 'Baja' is an opt-out")
                        .given(event("in", HOUR_AGO, interactiveReply("m1", "opt_1", "Baja"))).when(freeForm("r")).then(OPTED_OUT),
                spec("keywords: the Spanish 'Parar promociones' button is a marketing opt-out")
                        .given(event("oi", BEFORE, optIn("c1", ALL)), event("in", HOUR_AGO, buttonReply("m1", "btn-1", "Parar promociones")))
                        .when(template("r", MARKETING)).then(OPTED_OUT),
                spec("keywords: German 'Abmelden' is an opt-out by default")
                        .given(event("in", HOUR_AGO, inbound("m1", "Abmelden"))).when(freeForm("r")).then(OPTED_OUT),
                spec("keywords: French 'Désabonner' is an opt-out by default")
                        .given(event("in", HOUR_AGO, inbound("m1", "Désabonner"))).when(freeForm("r")).then(OPTED_OUT),
                // marketing stop and opt-outs at the same instant
                spec("marketing stop: a stop and a resume at the same instant: the stop wins (stop first)")
                        .given(event("oi", BEFORE, optIn("c1", ALL)), event("ms", EARLIER, marketing(MarketingPreference.STOP)),
                                event("mr", EARLIER, marketing(MarketingPreference.RESUME)))
                        .when(template("r", MARKETING)).then(MARKETING_STOPPED),
                spec("marketing stop: a stop and a resume at the same instant: the stop wins (resume first)")
                        .given(event("oi", BEFORE, optIn("c1", ALL)), event("mr", EARLIER, marketing(MarketingPreference.RESUME)),
                                event("ms", EARLIER, marketing(MarketingPreference.STOP)))
                        .when(template("r", MARKETING)).then(MARKETING_STOPPED),
                spec("marketing stop: a stop older than the newest of two stops is not lifted by a resume between them")
                        .given(event("oi", BEFORE, optIn("c1", ALL)), event("ms1", BEFORE.plusSeconds(60), marketing(MarketingPreference.STOP)),
                                event("ms2", EARLIER, marketing(MarketingPreference.STOP)),
                                event("mr", EARLIER.minusSeconds(60), marketing(MarketingPreference.RESUME)))
                        .when(template("r", MARKETING)).then(MARKETING_STOPPED),
                // erasure never forgets a refusal
                spec("erasure: a marketing stop from before the erasure that arrives after it is kept")
                        .given(event("er", EARLIER, erasure()), event("ms", BEFORE, marketing(MarketingPreference.STOP)),
                                event("oi", HOUR_AGO, optIn("c2", ALL)))
                        .when(template("r", MARKETING)).then(MARKETING_STOPPED),
                spec("erasure: a 131050 from before the erasure that arrives after it is kept")
                        .given(event("er", EARLIER, erasure()), event("ds", BEFORE, failed(131050)), event("oi", HOUR_AGO, optIn("c2", ALL)))
                        .when(template("r", MARKETING)).then(MARKETING_STOPPED),
                spec("erasure: a STOP keyword from before the erasure that arrives after it is kept")
                        .given(event("er", EARLIER, erasure()), event("in1", BEFORE, inbound("m1", "STOP")), event("in2", HOUR_AGO, inbound("m2", "hola")))
                        .when(template("r", MARKETING)).then(OPTED_OUT),
                // invalid and duplicate requests
                spec("requests: a blank requestId is INVALID_REQUEST").when(freeForm(" ")).then(INVALID_REQUEST),
                spec("requests: a blank senderId is INVALID_REQUEST").when(fromOtherSender(freeForm("r"), "")).then(INVALID_REQUEST),
                spec("requests: a TEMPLATE without template is INVALID_REQUEST").when(request("r", Fixtures.PHONE, MessageKind.TEMPLATE, null, null))
                        .then(INVALID_REQUEST),
                spec("requests: a blank confirmsOptOut is INVALID_REQUEST").when(confirming(freeForm("r"), " ")).then(INVALID_REQUEST),
                spec("requests: a kind UNKNOWN is INVALID_REQUEST").when(request("r", Fixtures.PHONE, MessageKind.UNKNOWN, null, null)).then(INVALID_REQUEST),
                spec("identity: an invalid phone number is INVALID_REQUEST").when(request("r", "+34 1234", MessageKind.FREE_FORM, null, null)).then(INVALID_REQUEST),
                spec("identity: a national number is read with the business's region")
                        .given(event("oi", BEFORE, optIn("c1", ALL))).when(request("r", "612 34 56 78", MessageKind.TEMPLATE, templateRef(MessageCategory.UTILITY), null))
                        .then(CONSENT),
                spec("requests: a request id seen before is DUPLICATE_REQUEST")
                        .given(event("oi", BEFORE, optIn("c1", ALL))).marketingSentAt(HOUR_AGO).when(template("earlier-0", MARKETING)).then(DUPLICATE_REQUEST),
                // delivery: undeliverable contacts (131026)
                spec("delivery feedback: 3 undeliverable (131026) in a row within 30 days suppress business-initiated sends: CONTACT_UNDELIVERABLE")
                        .given(event("oi", BEFORE, optIn("c1", ALL))).given(undeliverableThrice(EARLIER))
                        .when(template("r", MessageCategory.UTILITY)).then(CONTACT_UNDELIVERABLE),
                spec("delivery feedback: 2 undeliverable in a row are no suppression yet")
                        .given(event("oi", BEFORE, optIn("c1", ALL)), event("u1", EARLIER, failed(131026)), event("u2", HOUR_AGO, failed(131026)))
                        .when(template("r", MessageCategory.UTILITY)).then(CONSENT),
                spec("delivery feedback: a delivered or read status between the failures breaks the row")
                        .given(event("oi", BEFORE, optIn("c1", ALL)), event("u1", EARLIER, failed(131026)), event("u2", DAY_AGO, failed(131026)),
                                event("ok", DAY_AGO.plusSeconds(60), delivered()), event("u3", HOUR_AGO, failed(131026)))
                        .when(template("r", MessageCategory.UTILITY)).then(CONSENT),
                spec("delivery feedback: 3 failures spread over more than 30 days are not 3 within 30 days")
                        .given(event("oi", T0.minus(Duration.ofDays(90)), optIn("c1", ALL)), event("u1", T0.minus(Duration.ofDays(45)), failed(131026)),
                                event("u2", T0.minus(Duration.ofDays(20)), failed(131026)), event("u3", HOUR_AGO, failed(131026)))
                        .when(template("r", MessageCategory.UTILITY)).then(CONSENT),
                spec("delivery feedback: other failures (e.g. 131000) do not count as undeliverable")
                        .given(event("oi", BEFORE, optIn("c1", ALL)), event("x1", EARLIER, failed(131000)), event("x2", DAY_AGO, failed(131000)),
                                event("x3", HOUR_AGO, failed(131000)))
                        .when(template("r", MessageCategory.UTILITY)).then(CONSENT),
                spec("delivery feedback: the contact writing lifts the suppression")
                        .given(event("oi", BEFORE, optIn("c1", ALL))).given(undeliverableThrice(EARLIER)).given(event("in", DAY_AGO, inbound("m1", "hola")))
                        .when(template("r", MessageCategory.UTILITY)).then(CONSENT),
                spec("delivery feedback: an opt-in lifts the suppression")
                        .given(undeliverableThrice(EARLIER)).given(event("oi", DAY_AGO, optIn("c1", ALL)))
                        .when(template("r", MessageCategory.UTILITY)).then(CONSENT),
                spec("delivery feedback: a delivered status does not lift a suppression: only the contact does")
                        .given(event("oi", BEFORE, optIn("c1", ALL))).given(undeliverableThrice(EARLIER)).given(event("ok", DAY_AGO, delivered()))
                        .when(template("r", MessageCategory.UTILITY)).then(CONTACT_UNDELIVERABLE),
                spec("delivery feedback: a reply inside a window the contact opened is not business-initiated and goes")
                        .given(event("in", T0.minus(Duration.ofHours(4)), inbound("m1", "hola"))).given(undeliverableThrice(HOUR_AGO))
                        .when(freeForm("r")).then(CUSTOMER_SERVICE_WINDOW),
                spec("delivery feedback: MARKETING inside the window is business-initiated: CONTACT_UNDELIVERABLE")
                        .given(event("oi", BEFORE, optIn("c1", ALL)), event("in", T0.minus(Duration.ofHours(4)), inbound("m1", "hola")))
                        .given(undeliverableThrice(HOUR_AGO)).when(template("r", MARKETING)).then(CONTACT_UNDELIVERABLE),
                spec("delivery feedback: the threshold is the business's (here 2)")
                        .given(event("oi", BEFORE, optIn("c1", ALL)), event("u1", EARLIER, failed(131026)), event("u2", HOUR_AGO, failed(131026)))
                        .policy(POLICY.withDelivery(new DeliveryPolicy(2, Duration.ofDays(30), Duration.ofMinutes(5), Duration.ofMinutes(1))))
                        .when(template("r", MessageCategory.UTILITY)).then(CONTACT_UNDELIVERABLE),
                // delivery: rate limits (131048, 130429 of the sender; 131056 of the pair)
                spec("delivery feedback: 131048 backs the sender off, inside the window too: SENDER_RATE_LIMITED")
                        .given(event("in", HOUR_AGO, inbound("m1", "hola"))).sender(rateLimitedSender(131048, T0.minusSeconds(60)))
                        .when(freeForm("r")).then(SENDER_RATE_LIMITED),
                spec("delivery feedback: 130429 backs the sender off: SENDER_RATE_LIMITED")
                        .given(event("oi", BEFORE, optIn("c1", ALL))).sender(rateLimitedSender(130429, T0.minusSeconds(60)))
                        .when(template("r", MessageCategory.UTILITY)).then(SENDER_RATE_LIMITED),
                spec("delivery feedback: the sender back-off ends after the policy's time (default 5 min)")
                        .given(event("oi", BEFORE, optIn("c1", ALL))).sender(rateLimitedSender(131048, T0.minus(Duration.ofMinutes(5))))
                        .when(template("r", MessageCategory.UTILITY)).then(CONSENT),
                spec("delivery feedback: 131056 backs the pair off, inside the window too: PAIR_RATE_LIMITED")
                        .given(event("in", HOUR_AGO, inbound("m1", "hola")), event("pr", T0.minusSeconds(30), failed(131056)))
                        .when(freeForm("r")).then(PAIR_RATE_LIMITED),
                spec("delivery feedback: the pair back-off holds only that pair: another number still sends to the contact")
                        .given(event("oi", BEFORE, optIn("c1", ALL)), event("pr", T0.minusSeconds(30), failed(131056)))
                        .when(fromOtherSender(template("r", MessageCategory.UTILITY))).then(CONSENT),
                spec("delivery feedback: the pair back-off ends after the policy's time (default 1 min)")
                        .given(event("oi", BEFORE, optIn("c1", ALL)), event("pr", T0.minusSeconds(60), failed(131056)))
                        .when(template("r", MessageCategory.UTILITY)).then(CONSENT),
                // precedence, each reason against the next one in the order
                spec("precedence: INVALID_REQUEST before DUPLICATE_REQUEST")
                        .given(event("oi", BEFORE, optIn("c1", ALL))).marketingSentAt(HOUR_AGO)
                        .when(request("earlier-0", Fixtures.PHONE, MessageKind.TEMPLATE, null, null)).then(INVALID_REQUEST),
                spec("precedence: DUPLICATE_REQUEST before OPT_OUT_CONFIRMATION_REFUSED")
                        .given(event("oo", BEFORE, optOut(ALL))).marketingSentAt(HOUR_AGO).when(confirming(template("earlier-0", MARKETING), "x"))
                        .then(DUPLICATE_REQUEST),
                spec("precedence: OPT_OUT_CONFIRMATION_REFUSED before OPTED_OUT")
                        .given(event("oo", BEFORE, optOut(ALL))).when(confirming(template("r", MessageCategory.UTILITY), "oo")).then(OPT_OUT_CONFIRMATION_REFUSED),
                spec("precedence: DUPLICATE_REQUEST before OPTED_OUT")
                        .given(event("oo", BEFORE, optOut(ALL))).marketingSentAt(HOUR_AGO).when(template("earlier-0", MARKETING)).then(DUPLICATE_REQUEST),
                spec("precedence: OPTED_OUT before MARKETING_STOPPED")
                        .given(event("oo", BEFORE, optOut(ALL)), event("ms", EARLIER, marketing(MarketingPreference.STOP)))
                        .when(template("r", MARKETING)).then(OPTED_OUT),
                spec("precedence: MARKETING_STOPPED before CONTACT_ERASED")
                        .given(event("ms", BEFORE, marketing(MarketingPreference.STOP)), event("er", EARLIER, erasure()))
                        .when(template("r", MARKETING)).then(MARKETING_STOPPED),
                spec("precedence: CONTACT_ERASED before WINDOW_CLOSED")
                        .given(event("er", EARLIER, erasure())).when(freeForm("r")).then(CONTACT_ERASED),
                spec("precedence: CONTACT_ERASED before NO_CONSENT")
                        .given(event("er", EARLIER, erasure())).when(template("r", MessageCategory.UTILITY)).then(CONTACT_ERASED),
                spec("precedence: NO_CONSENT before REGION_BLOCKED")
                        .when(toUs(MARKETING)).then(NO_CONSENT),
                spec("precedence: NO_CONSENT for marketing inside the window before REGION_BLOCKED")
                        .given(event("in", US_PHONE, HOUR_AGO, inbound("m1", "hola"))).when(toUs(MARKETING)).then(NO_CONSENT),
                spec("precedence: CONSENT_EXPIRED before REGION_BLOCKED")
                        .given(event("oi", US_PHONE, BEFORE, optIn("c1", scopes(ALL), EARLIER))).when(toUs(MARKETING)).then(CONSENT_EXPIRED),
                spec("precedence: REGION_BLOCKED before CONTACT_UNDELIVERABLE")
                        .given(event("oi", US_PHONE, BEFORE, optIn("c1", ALL))).given(undeliverableThrice(US_PHONE, EARLIER))
                        .when(toUs(MARKETING)).then(REGION_BLOCKED),
                spec("precedence: CONTACT_UNDELIVERABLE before TEMPLATE_NOT_APPROVED")
                        .given(event("oi", BEFORE, optIn("c1", ALL))).given(undeliverableThrice(EARLIER))
                        .template(templateIn(templateRef(MessageCategory.UTILITY), TemplateStatus.PAUSED))
                        .when(template("r", MessageCategory.UTILITY)).then(CONTACT_UNDELIVERABLE),
                spec("precedence: SENDER_QUALITY_LOW before SENDER_RATE_LIMITED")
                        .given(event("oi", BEFORE, optIn("c1", ALL)))
                        .sender(sender(QualityRating.RED, SenderStatus.CONNECTED).rateLimited(131048, T0.minusSeconds(60)))
                        .when(template("r", MARKETING)).then(SENDER_QUALITY_LOW),
                spec("precedence: SENDER_RATE_LIMITED before MARKETING_BACKOFF")
                        .given(event("oi", BEFORE, optIn("c1", ALL)), event("ds", HOUR_AGO, failed(131049)))
                        .sender(rateLimitedSender(131048, T0.minusSeconds(60))).when(template("r", MARKETING)).then(SENDER_RATE_LIMITED),
                spec("precedence: MARKETING_BACKOFF before PAIR_RATE_LIMITED")
                        .given(event("oi", BEFORE, optIn("c1", ALL)), event("ds", HOUR_AGO, failed(131049)), event("pr", T0.minusSeconds(30), failed(131056)))
                        .when(template("r", MARKETING)).then(MARKETING_BACKOFF),
                spec("precedence: PAIR_RATE_LIMITED before FREQUENCY_CAPPED")
                        .given(event("oi", BEFORE, optIn("c1", ALL)), event("pr", T0.minusSeconds(30), failed(131056)))
                        .marketingSentAt(T0.minus(Duration.ofHours(3)), HOUR_AGO).when(template("r", MARKETING)).then(PAIR_RATE_LIMITED),
                spec("precedence: REGION_BLOCKED before TEMPLATE_NOT_APPROVED")
                        .given(event("oi", US_PHONE, BEFORE, optIn("c1", ALL))).template(templateIn(templateRef(MARKETING), TemplateStatus.PAUSED))
                        .when(toUs(MARKETING)).then(REGION_BLOCKED),
                spec("precedence: TEMPLATE_NOT_APPROVED before SENDER_RESTRICTED")
                        .given(event("oi", BEFORE, optIn("c1", ALL))).template(templateIn(templateRef(MARKETING), TemplateStatus.DISABLED))
                        .sender(sender(QualityRating.RED, SenderStatus.RESTRICTED)).when(template("r", MARKETING)).then(TEMPLATE_NOT_APPROVED),
                spec("precedence: SENDER_RESTRICTED before SENDER_QUALITY_LOW")
                        .given(event("oi", BEFORE, optIn("c1", ALL))).sender(sender(QualityRating.RED, SenderStatus.RESTRICTED))
                        .when(template("r", MARKETING)).then(SENDER_RESTRICTED),
                spec("precedence: SENDER_QUALITY_LOW before MARKETING_BACKOFF")
                        .given(event("oi", BEFORE, optIn("c1", ALL)), event("ds", HOUR_AGO, failed(131049)))
                        .sender(sender(QualityRating.RED, SenderStatus.CONNECTED)).when(template("r", MARKETING)).then(SENDER_QUALITY_LOW),
                spec("precedence: MARKETING_BACKOFF before FREQUENCY_CAPPED")
                        .given(event("oi", BEFORE, optIn("c1", ALL)), event("ds", HOUR_AGO, failed(131049))).marketingSentAt(T0.minus(Duration.ofHours(3)), HOUR_AGO)
                        .when(template("r", MARKETING)).then(MARKETING_BACKOFF),
                spec("precedence: FREQUENCY_CAPPED before QUIET_HOURS")
                        .given(event("oi", BEFORE, optIn("c1", ALL))).marketingSentAt(T0.minus(Duration.ofHours(3)), HOUR_AGO)
                        .when(template("r", MARKETING)).at(Instant.parse("2026-06-01T20:00:00Z")).then(FREQUENCY_CAPPED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void shouldDecideAsTheSpecSays(Scenario scenario) {
        // Given the scenario's history, sender and template; When the request is decided at its instant
        Decision decision = scenario.decide();

        // Then
        Enum<?> outcome = switch (decision) {
            case Decision.Approved approved -> approved.basis();
            case Decision.Rejected rejected -> rejected.reason();
        };
        assertThat(outcome).as(() -> scenario.spec() + " → " + decision).isEqualTo(scenario.expected());
        if (scenario.pricedAs() != null) {
            assertThat(decision).isInstanceOfSatisfying(Decision.Approved.class, approved -> {
                String price = approved.billable() ? Scenario.BILLED : approved.freeBecause().name();
                assertThat(price).as(() -> scenario.spec() + " → " + decision).isEqualTo(scenario.pricedAs());
            });
        }
    }

    @Test
    void shouldPriceEveryFreeEntryPointRowItStates() {
        // No row about pricing passes without saying what the approval costs
        assertThat(rows().filter(row -> row.spec().startsWith("pricing:") && row.expected() instanceof io.consentgate.avro.ApprovalBasis))
                .allSatisfy(row -> assertThat(row.pricedAs()).as(row.spec()).isNotNull());
    }

    @Test
    void shouldCoverEveryReasonCodeTheContactStageCanGive() {
        // Given every reason the table expects
        Set<RejectionReason> covered = EnumSet.noneOf(RejectionReason.class);
        rows().map(Scenario::expected).filter(RejectionReason.class::isInstance).map(RejectionReason.class::cast).forEach(covered::add);

        // When / Then: all but the quota's (BusinessQuotaTest) and the enum's fallback are walked above
        assertThat(covered).containsAll(EnumSet.complementOf(EnumSet.of(RejectionReason.TIER_LIMIT_REACHED, RejectionReason.UNKNOWN)));
    }

    @Test
    void shouldCheckTheRulesInTheDocumentedOrder() {
        assertThat(Arrays.stream(SendRule.values()).map(SendRule::reason)).containsExactly(
                OPT_OUT_CONFIRMATION_REFUSED, OPTED_OUT, MARKETING_STOPPED, CONTACT_ERASED, WINDOW_CLOSED, NO_CONSENT, NO_CONSENT, REGION_BLOCKED,
                CONTACT_UNDELIVERABLE, TEMPLATE_NOT_APPROVED, SENDER_RESTRICTED, SENDER_QUALITY_LOW, SENDER_RATE_LIMITED, MARKETING_BACKOFF,
                PAIR_RATE_LIMITED, FREQUENCY_CAPPED, QUIET_HOURS);
    }

    @Test
    void shouldGiveTheStateItWasDecidedAgainstNoSayInAnotherContact() {
        // Given the state of one contact
        ContactFacts state = spec("").given(event("oi", BEFORE, optIn("c1", ALL))).state();

        // When a request for another contact is decided against it
        Decision decision = SendPolicy.decide(request("r", "+34699999999", MessageKind.FREE_FORM, null, null), state,
                DecidedRequests.NONE, Fixtures.healthySender(), POLICY, null, T0);

        // Then
        assertThat(decision).isInstanceOfSatisfying(Decision.Rejected.class, rejected -> {
            assertThat(rejected.reason()).isEqualTo(INVALID_REQUEST);
            assertThat(rejected.detail()).contains("is not the contact of the state");
            // Decisions are kept and shown (explain, projector): their details never quote a contact.
            assertThat(rejected.detail()).doesNotContain("+34699999999").doesNotContain("+34612345678");
        });
    }

    private static Instant hoursBefore(int hours) {
        return T0.minus(Duration.ofHours(hours));
    }

    private static SendRequest confirming(SendRequest request, String optOutId) {
        SendRequest copy = SendRequest.newBuilder(request).build();
        copy.setConfirmsOptOut(optOutId);
        return copy;
    }

    private static OptOut optOutBy(OptOutMethod method, Channel channel) {
        return new OptOut(scopes(ALL), channel, method, "ticket-1");
    }

    private static InboundMessage interactiveReply(String messageId, String replyId, String title) {
        InboundMessage message = buttonReply(messageId, replyId, title);
        message.setType(InboundMessageType.INTERACTIVE);
        return message;
    }

    private static SendRequest topic(MessageCategory category, String topic) {
        return request("r", Fixtures.PHONE, MessageKind.TEMPLATE, templateRef(category), topic);
    }

    private static SendRequest toUs(MessageCategory category) {
        return request("r", US_PHONE, MessageKind.TEMPLATE, templateRef(category), null);
    }

    private static SendRequest fromOtherSender(SendRequest request) {
        return fromOtherSender(request, "sender-2");
    }

    private static SendRequest fromOtherSender(SendRequest request, String senderId) {
        SendRequest copy = SendRequest.newBuilder(request).build();
        copy.setSenderId(senderId);
        return copy;
    }

    /** The template after a complete list taken at {@code listedAt} that does not name it. */
    private static TemplateState listedWithout(TemplateState known, Instant listedAt) {
        io.consentgate.domain.business.TemplateListing listing = io.consentgate.domain.business.TemplateListing.of(Fixtures.BUSINESS,
                new io.consentgate.avro.TemplatesListed(List.of(new io.consentgate.avro.ListedTemplate("another_one", "es")), 1), listedAt);
        return listing.gone(known).orElse(known);
    }

    private static TemplateState approvedAs(MessageCategory requested, MessageCategory metaSays) {
        var ref = templateRef(requested);
        return new TemplateState(Fixtures.BUSINESS, ref.getName(), ref.getLanguage(),
                TemplateStatus.APPROVED, metaSays, BEFORE);
    }

    static BusinessPolicy withMargin(Duration margin) {
        return new BusinessPolicy(POLICY.defaultRegion(), POLICY.defaultTimeZone(), margin, POLICY.frequencyCaps(), POLICY.quietHours(),
                POLICY.qualityPolicy(), POLICY.marketingBlockedRegions(), POLICY.keywords(), POLICY.pricing());
    }

    static BusinessPolicy withOptOutKeywords(String... keywords) {
        KeywordLists lists = new KeywordLists(Set.of(keywords), POLICY.keywords().optBackIn(), POLICY.keywords().stopPromotions());
        return new BusinessPolicy(POLICY.defaultRegion(), POLICY.defaultTimeZone(), POLICY.windowMargin(), POLICY.frequencyCaps(),
                POLICY.quietHours(), POLICY.qualityPolicy(), POLICY.marketingBlockedRegions(), lists, POLICY.pricing());
    }
}
