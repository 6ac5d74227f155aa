package io.consentgate.events.webhook;

import static io.consentgate.events.Fixtures.BUSINESS_ID;
import static io.consentgate.events.Fixtures.DISPLAY_NUMBER;
import static io.consentgate.events.Fixtures.PHONE_NUMBER_ID;
import static io.consentgate.events.Fixtures.WABA_ID;
import static org.assertj.core.api.Assertions.assertThat;

import io.consentgate.avro.DeliveryStatus;
import io.consentgate.avro.DeliveryStatusReported;
import io.consentgate.avro.IdentityLinked;
import io.consentgate.avro.InboundMessage;
import io.consentgate.avro.InboundMessageType;
import io.consentgate.avro.MarketingPreference;
import io.consentgate.avro.MarketingPreferenceChanged;
import io.consentgate.avro.MessageCategory;
import io.consentgate.avro.MessagingLimitChanged;
import io.consentgate.avro.MessagingTier;
import io.consentgate.avro.SenderQualityChanged;
import io.consentgate.avro.SenderStatus;
import io.consentgate.avro.TemplateStatus;
import io.consentgate.avro.TemplateStatusChanged;
import io.consentgate.events.Fixtures;
import io.consentgate.events.publisher.BusinessFact;
import io.consentgate.events.publisher.ContactFact;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class WhatsAppWebhookMapperTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final WhatsAppWebhookMapper mapper = new WhatsAppWebhookMapper(Map.of(WABA_ID, BUSINESS_ID), Map.of(DISPLAY_NUMBER, PHONE_NUMBER_ID),
            Clock.fixed(Instant.parse("2026-11-20T10:00:00Z"), ZoneOffset.UTC));

    private MappedBatch map(String fixture) {
        return mapper.map(JSON.readTree(Fixtures.bytes("webhooks/" + fixture)));
    }

    private static <T> T payload(ContactFact fact, Class<T> type) {
        assertThat(fact.payload()).isInstanceOf(type);
        return type.cast(fact.payload());
    }

    @Test
    void shouldMapEveryMessageStatusAndPreferenceOfAMultiEntryBatch() {
        // Given a delivery with three entries, several changes each, and one account nobody configured
        // When it is mapped
        MappedBatch batch = map("messages-batch.json");

        // Then every message, status and preference of the known account is a fact, in delivery order
        assertThat(batch.contactFacts()).extracting(ContactFact::type).containsExactly(
                "InboundMessage", "InboundMessage", "InboundMessage", "InboundMessage", "InboundMessage",
                "DeliveryStatusReported", "DeliveryStatusReported", "MarketingPreferenceChanged");
        assertThat(batch.contactFacts()).allSatisfy(fact -> {
            assertThat(fact.businessId()).isEqualTo(BUSINESS_ID);
            assertThat(fact.source()).isEqualTo(WhatsAppWebhookMapper.SOURCE);
        });
        // and the unknown account is refused without failing the rest
        assertThat(batch.refusals()).extracting(MappedBatch.Refusal::reason).containsExactly("unknown_account");
        assertThat(batch.unknown()).contains("field.account_update", "message_type.unsupported");
    }

    @Test
    void shouldCarryTheKeywordCandidateButNeverTheText() {
        MappedBatch batch = map("messages-batch.json");

        InboundMessage stop = payload(batch.contactFacts().get(0), InboundMessage.class);
        assertThat(batch.contactFacts().get(0).contact()).isEqualTo("+34612345678");
        assertThat(batch.contactFacts().get(0).occurredAt()).isEqualTo(Instant.ofEpochSecond(1763630102));
        assertThat(stop.getType()).isEqualTo(InboundMessageType.TEXT);
        assertThat(stop.getKeywordCandidate()).isEqualTo("BAJA");
        assertThat(stop.getPhone()).isEqualTo("+34612345678");
        assertThat(stop.getBsuid()).isEqualTo("ES.1410018717833190");
        assertThat(stop.getSenderId()).isEqualTo(PHONE_NUMBER_ID);

        InboundMessage sentence = payload(batch.contactFacts().get(1), InboundMessage.class);
        assertThat(sentence.getKeywordCandidate()).isNull();
        assertThat(sentence.toString()).doesNotContain("مرحبا");
        assertThat(sentence.getReferral().getSourceType()).isEqualTo("ad");
        assertThat(sentence.getReferral().getCtwaClid()).startsWith("ARAkLkA8");
    }

    @Test
    void shouldLinkAPhoneNumberAndABsuidNamedTogetherOncePerDeliveryUnderEach() {
        // When a delivery names two people by phone number and BSUID (one of them twice) and one by BSUID only
        MappedBatch batch = map("messages-batch.json");

        // Then each pair is linked once, under the phone number and under the BSUID, with its own pinned ids
        assertThat(batch.identityLinks()).extracting(ContactFact::contact)
                .containsExactly("+34612345678", "ES.1410018717833190", "+966501234567", "SA.88213344556677");
        assertThat(batch.identityLinks()).allSatisfy(link -> {
            IdentityLinked linked = payload(link, IdentityLinked.class);
            assertThat(List.of(linked.getPhone(), linked.getBsuid())).contains(link.contact());
        });
        assertThat(payload(batch.identityLinks().getFirst(), IdentityLinked.class))
                .isEqualTo(new IdentityLinked("+34612345678", "ES.1410018717833190"));
        assertThat(batch.identityLinks()).extracting(ContactFact::eventId).doesNotHaveDuplicates()
                .isEqualTo(map("messages-batch.json").identityLinks().stream().map(ContactFact::eventId).toList());
        // and published ahead of the facts
        assertThat(batch.contactFactsWithLinks().subList(0, 4)).isEqualTo(batch.identityLinks());
    }

    @Test
    void shouldMapButtonsInteractiveRepliesAndBsuidOnlyContacts() {
        MappedBatch batch = map("messages-batch.json");

        InboundMessage button = payload(batch.contactFacts().get(2), InboundMessage.class);
        assertThat(button.getType()).isEqualTo(InboundMessageType.BUTTON);
        assertThat(button.getButtonPayload()).isEqualTo("Stop promotions");

        ContactFact interactive = batch.contactFacts().get(3);
        assertThat(interactive.contact()).isEqualTo("IT.30912385551290441");
        assertThat(payload(interactive, InboundMessage.class).getButtonPayload()).isEqualTo("optin-yes");
        assertThat(payload(interactive, InboundMessage.class).getPhone()).isNull();

        assertThat(payload(batch.contactFacts().get(4), InboundMessage.class).getType()).isEqualTo(InboundMessageType.UNKNOWN);
    }

    @Test
    void shouldMapStatusesWithErrorCodesAndTheRequestId() {
        MappedBatch batch = map("messages-batch.json");

        DeliveryStatusReported failed = payload(batch.contactFacts().get(5), DeliveryStatusReported.class);
        assertThat(failed.getStatus()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(failed.getErrorCodes()).containsExactly(131050);
        assertThat(failed.getRequestId()).isEqualTo("campaign-42/+34612345678");
        DeliveryStatusReported delivered = payload(batch.contactFacts().get(6), DeliveryStatusReported.class);
        assertThat(delivered.getPricingCategory()).isEqualTo("marketing");
        assertThat(batch.contactFacts().get(6).contact()).isEqualTo("+966501234567");

        MarketingPreferenceChanged stop = payload(batch.contactFacts().get(7), MarketingPreferenceChanged.class);
        assertThat(stop.getPreference()).isEqualTo(MarketingPreference.STOP);
        assertThat(stop.getSenderId()).isEqualTo(PHONE_NUMBER_ID);
        assertThat(batch.contactFacts().get(7).contact()).isEqualTo("+5511987654321");
    }

    @Test
    void shouldGiveARepeatedDeliveryTheSameEventIds() {
        // Meta delivers at least once: the same delivery twice must be the same facts
        List<String> first = map("messages-batch.json").contactFacts().stream().map(ContactFact::eventId).toList();
        List<String> again = map("messages-batch.json").contactFacts().stream().map(ContactFact::eventId).toList();
        List<String> business = map("business-batch.json").businessFacts().stream().map(BusinessFact::eventId).toList();

        assertThat(again).isEqualTo(first);
        assertThat(first).doesNotHaveDuplicates();
        assertThat(map("business-batch.json").businessFacts().stream().map(BusinessFact::eventId).toList()).isEqualTo(business);
    }

    @Test
    void shouldNameEachKindOfItemWithItsPinnedEventId() {
        // Given deliveries already published under these ids by earlier versions: a changed id after a deploy
        // would make Meta's redelivery of an item a second fact, so each kind's id is pinned here
        // When
        MappedBatch messages = map("messages-batch.json");
        MappedBatch business = map("business-batch.json");
        MappedBatch system = mapper.map(JSON.readTree("""
                {"object":"whatsapp_business_account","entry":[{"id":"%s","changes":[{"field":"messages","value":{
                  "messaging_product":"whatsapp","metadata":{"display_phone_number":"%s","phone_number_id":"%s"},
                  "messages":[{"from":"34612345678","id":"wamid.SYSTEM1","timestamp":"1763630500","type":"system",
                    "system":{"type":"user_preference_changed","marketing":"stop","body":"User requested to stop marketing messages"}}]}}]}]}
                """.formatted(WABA_ID, DISPLAY_NUMBER, PHONE_NUMBER_ID)));

        // Then
        assertThat(messages.contactFacts()).extracting(ContactFact::eventId).containsExactly(
                "ac872566-2d68-5591-a7f8-c627a9381d5d", // inbound text message: its wamid
                "588a098a-6c87-54bb-97c0-618534025c66", // inbound text message with a referral
                "89f1c739-975e-584d-9aa0-ac1230031d69", // button reply
                "99eacf78-a561-56fe-a469-1c0942af42f3", // interactive reply of a BSUID-only contact
                "aba1ea51-7bad-5afc-952c-8d643af351fd", // unsupported message type
                "d22f4c3b-54f1-5f31-bd13-be9f9887c516", // status "failed": wamid and status
                "45a088ff-2a55-580f-8208-5d6745367fe8", // status "delivered"
                "175ad144-4f7d-57db-a475-2c3ad7de4a11"); // user_preferences item: sender, contact, preference, time
        assertThat(system.contactFacts()).extracting(ContactFact::eventId).containsExactly(
                "f0a5de55-7574-5ec6-aa01-7e6998cbb782"); // system message user_preference_changed: its wamid
        assertThat(business.businessFacts()).extracting(BusinessFact::eventId).containsExactly(
                "89272ecc-56cc-5243-b415-3e27381a6396", // phone_number_quality_update: account, entry time, value
                "d8a3a745-d1e7-5f6a-a00b-d854d1eafeec", // phone_number_quality_update, newer fields
                "b4f4e693-37d9-5d78-a937-bae49c36a2e9", // business_capability_update
                "b19a88e7-05ef-5174-8807-98eb3e40c43a", // message_template_status_update
                "cc5b8d8e-0862-50c7-a8bf-3cce4050d47c"); // business_capability_update, legacy field name
    }

    @Test
    void shouldMapQualityLimitAndTemplateChangesIncludingLegacyValues() {
        MappedBatch batch = map("business-batch.json");

        assertThat(batch.businessFacts()).extracting(BusinessFact::type).containsExactly(
                "SenderQualityChanged", "SenderQualityChanged", "MessagingLimitChanged", "TemplateStatusChanged", "MessagingLimitChanged");
        SenderQualityChanged flagged = (SenderQualityChanged) batch.businessFacts().get(0).payload();
        assertThat(flagged.getSenderId()).isEqualTo(PHONE_NUMBER_ID);
        assertThat(flagged.getStatus()).isEqualTo(SenderStatus.FLAGGED);
        assertThat(flagged.getWebhookEvent()).isEqualTo("FLAGGED");
        assertThat(flagged.getCurrentLimit()).isEqualTo(MessagingTier.TIER_2K);
        SenderQualityChanged upgrade = (SenderQualityChanged) batch.businessFacts().get(1).payload();
        assertThat(upgrade.getCurrentLimit()).isEqualTo(MessagingTier.TIER_10K);
        assertThat(((MessagingLimitChanged) batch.businessFacts().get(2).payload()).getTier()).isEqualTo(MessagingTier.TIER_2K);
        TemplateStatusChanged paused = (TemplateStatusChanged) batch.businessFacts().get(3).payload();
        assertThat(paused.getStatus()).isEqualTo(TemplateStatus.PAUSED);
        assertThat(paused.getTemplateId()).isEqualTo("1689556908129832");
        assertThat(paused.getCategory()).isEqualTo(MessageCategory.MARKETING);
        assertThat(paused.getReason()).isNull();
        assertThat(((MessagingLimitChanged) batch.businessFacts().get(4).payload()).getTier()).isEqualTo(MessagingTier.TIER_UNLIMITED);
        assertThat(batch.businessFacts().get(0).occurredAt()).isEqualTo(Instant.ofEpochSecond(1763631000));

        // a number without a configured phone_number_id is refused, LOCKED (no status the gate knows) ignored
        assertThat(batch.refusals()).extracting(MappedBatch.Refusal::reason).containsExactly("unknown_sender");
        assertThat(batch.unknown()).contains("message_template_status_update.event");
    }

    @Test
    void shouldIgnoreWhatIsNotAWhatsAppBusinessAccountDelivery() {
        MappedBatch batch = mapper.map(JSON.readTree("{\"object\":\"page\",\"entry\":[{\"id\":\"1\",\"changes\":[]}]}"));

        assertThat(batch.contactFacts()).isEmpty();
        assertThat(batch.businessFacts()).isEmpty();
        assertThat(batch.unknown()).containsExactly("object");
    }

    @Test
    void shouldRefuseItemsWithWronglyTypedFieldsWithoutFailing() {
        MappedBatch batch = mapper.map(JSON.readTree("""
                {"object":"whatsapp_business_account","entry":[{"id":"%s","changes":[
                  {"field":"messages","value":{"metadata":{"phone_number_id":"%s"},
                   "messages":[{"from":["34612345678"],"id":{"x":1},"timestamp":true,"type":7}],
                   "statuses":[{"id":"wamid.X","status":"sent","timestamp":"1763630000","recipient_id":"not-a-number"}]}},
                  {"field":"messages","value":[]},
                  {"field":42,"value":{}}]}]}
                """.formatted(WABA_ID, PHONE_NUMBER_ID)));

        assertThat(batch.contactFacts()).isEmpty();
        assertThat(batch.refusals()).extracting(MappedBatch.Refusal::reason)
                .containsExactly("invalid_message", "no_contact", "invalid_change");
        assertThat(batch.unknown()).contains("field.42");
    }
}
