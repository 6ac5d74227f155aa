package io.consentgate.events.publisher;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Pins every kind of name-based event id to an exact string. These ids are already in consumers' folds: a name
 * that changes (a separator, a time format, a field order) turns the next redelivery or retry into a second fact,
 * so a failure here is never fixed by updating the expected value. Each pinned id was also computed outside Java
 * (SHA-1 of the UTF-8 name, version 5, RFC 9562 variant).
 */
class EventIdsTest {

    @Test
    void shouldNameTheSameFactWithTheSameVersion5Uuid() {
        // Given / When
        String id = EventIds.forIdempotencyKey("acme-retail", "form-88213");

        // Then
        assertThat(EventIds.forIdempotencyKey("acme-retail", "form-88213")).isEqualTo(id);
        assertThat(EventIds.forIdempotencyKey("other-business", "form-88213")).isNotEqualTo(id);
        assertThat(UUID.fromString(id).version()).isEqualTo(5);
        assertThat(UUID.fromString(id).variant()).isEqualTo(2);
    }

    @Test
    void shouldPinTheIdOfACaptureCallRetriedWithItsIdempotencyKey() {
        // Given / When / Then
        assertThat(EventIds.forIdempotencyKey("acme-retail", "form-88213"))
                .isEqualTo(EventIds.named("idempotency|acme-retail|form-88213"))
                .isEqualTo("eba8ff57-4719-579b-8edc-4f9e1d980c2a");
    }

    @Test
    void shouldPinTheIdOfAnInboundWhatsAppMessageToItsWamid() {
        // Given
        String wamid = "wamid.HBgLMzQ2MTIzNDU2NzgVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=";

        // When / Then
        assertThat(EventIds.whatsAppMessage(wamid))
                .isEqualTo(EventIds.named("whatsapp|message|" + wamid))
                .isEqualTo("ac872566-2d68-5591-a7f8-c627a9381d5d");
    }

    @Test
    void shouldPinTheIdOfADeliveryStatusToItsWamidAndStatus() {
        // Given
        String wamid = "wamid.HBgLMzQ2MTIzNDU2NzgVAgARGBI5QUNDMDAwMDAwMDAwMDAwMDAA";

        // When / Then
        assertThat(EventIds.whatsAppStatus(wamid, "failed"))
                .isEqualTo(EventIds.named("whatsapp|status|" + wamid + "|failed"))
                .isEqualTo("d22f4c3b-54f1-5f31-bd13-be9f9887c516");
        assertThat(EventIds.whatsAppStatus(wamid, "delivered")).isNotEqualTo(EventIds.whatsAppStatus(wamid, "failed"));
    }

    @Test
    void shouldPinTheIdOfAUserPreferenceToSenderContactPreferenceAndTime() {
        // Given / When
        String id = EventIds.whatsAppUserPreference("106540352242922", "+5511987654321", "STOP", Instant.ofEpochSecond(1763630400));

        // Then: the time as ISO-8601
        assertThat(id)
                .isEqualTo(EventIds.named("whatsapp|user_preferences|106540352242922|+5511987654321|STOP|2025-11-20T09:20:00Z"))
                .isEqualTo("175ad144-4f7d-57db-a475-2c3ad7de4a11");
    }

    @Test
    void shouldPinTheIdOfAnAccountChangeToFieldAccountTimeAndValue() {
        // Given
        String limit = "{\"max_daily_conversations_per_business\":2000,\"max_phone_numbers_per_waba\":25}";
        String quality = "{\"display_phone_number\":\"34910000000\",\"event\":\"FLAGGED\",\"current_limit\":\"TIER_2K\"}";
        Instant entryTime = Instant.ofEpochSecond(1763631000);

        // When / Then: the time as epoch seconds
        assertThat(EventIds.whatsAppAccountChange("business_capability_update", "102290129340398", entryTime, limit))
                .isEqualTo(EventIds.named("whatsapp|business_capability_update|102290129340398|1763631000|" + limit))
                .isEqualTo("b4f4e693-37d9-5d78-a937-bae49c36a2e9");
        assertThat(EventIds.whatsAppAccountChange("phone_number_quality_update", "102290129340398", entryTime, quality))
                .isEqualTo("89272ecc-56cc-5243-b415-3e27381a6396");
    }
}
