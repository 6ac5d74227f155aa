package io.consentgate.domain.business;

import static io.consentgate.domain.Fixtures.BUSINESS;
import static io.consentgate.domain.Fixtures.SENDER;
import static io.consentgate.domain.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.consentgate.avro.ListedTemplate;
import io.consentgate.avro.MessageCategory;
import io.consentgate.avro.MessagingTier;
import io.consentgate.avro.QualityRating;
import io.consentgate.avro.SenderQualityChanged;
import io.consentgate.avro.SenderStatus;
import io.consentgate.avro.TemplateStatus;
import io.consentgate.avro.TemplateStatusChanged;
import io.consentgate.avro.TemplatesListed;
import java.util.List;
import org.junit.jupiter.api.Test;

class BusinessStateTest {

    @Test
    void shouldFoldQualityAndStatusKeepingWhatAReportLeavesUnknown() {
        // Given a GREEN, CONNECTED number
        SenderState green = SenderState.unknown(BUSINESS, SENDER).apply(quality(QualityRating.GREEN, SenderStatus.CONNECTED, null), T0);

        // When a legacy FLAGGED event without rating comes, then a RED rating without status
        SenderState flagged = green.apply(quality(QualityRating.UNKNOWN, SenderStatus.UNKNOWN, "FLAGGED"), T0.plusSeconds(60));
        SenderState red = flagged.apply(quality(QualityRating.RED, SenderStatus.UNKNOWN, "DOWNGRADE"), T0.plusSeconds(120));

        // Then
        assertThat(flagged.quality()).isEqualTo(QualityRating.GREEN);
        assertThat(flagged.status()).isEqualTo(SenderStatus.FLAGGED);
        assertThat(red.status()).isEqualTo(SenderStatus.FLAGGED);
        assertThat(red.statusSince()).isEqualTo(T0.plusSeconds(60));
        assertThat(red.quality()).isEqualTo(QualityRating.RED);
    }

    @Test
    void shouldTakeUnflaggedAsConnectedAndIgnoreOlderReports() {
        SenderState flagged = SenderState.unknown(BUSINESS, SENDER).apply(quality(QualityRating.YELLOW, SenderStatus.FLAGGED, null), T0);

        SenderState unflagged = flagged.apply(quality(QualityRating.UNKNOWN, SenderStatus.UNKNOWN, "UNFLAGGED"), T0.plusSeconds(60));
        SenderState stale = unflagged.apply(quality(QualityRating.RED, SenderStatus.RESTRICTED, null), T0.minusSeconds(60));

        assertThat(unflagged.status()).isEqualTo(SenderStatus.CONNECTED);
        assertThat(stale).isEqualTo(unflagged);
        assertThat(SenderState.storeKey(BUSINESS, SENDER)).isEqualTo("acme|sender-1");
    }

    @Test
    void shouldFoldTemplateStatusKeepingItsCategory() {
        TemplateState approved = TemplateState.from(BUSINESS, template(TemplateStatus.APPROVED, MessageCategory.MARKETING), T0);

        TemplateState paused = approved.apply(template(TemplateStatus.PAUSED, null), T0.plusSeconds(60));

        assertThat(paused.status()).isEqualTo(TemplateStatus.PAUSED);
        assertThat(paused.category()).isEqualTo(MessageCategory.MARKETING);
        assertThat(paused.apply(template(TemplateStatus.APPROVED, null), T0)).isEqualTo(paused);
        assertThat(TemplateState.storeKey(BUSINESS, "spring_sale", "es")).isEqualTo("acme|spring_sale|es");
    }

    @Test
    void shouldMarkGoneWhatACompleteListLacksUnlessHeardOfLater() {
        // Given three templates the gate knows: one listed, one not listed, one approved after the list was taken
        TemplateState listed = TemplateState.from(BUSINESS, template(TemplateStatus.APPROVED, MessageCategory.MARKETING), T0);
        TemplateState unlisted = TemplateState.from(BUSINESS, named("old_promo", TemplateStatus.APPROVED), T0);
        TemplateState newer = TemplateState.from(BUSINESS, named("created_meanwhile", TemplateStatus.APPROVED), T0.plusSeconds(120));

        // When a complete list taken at T0 + 60 s names only spring_sale (es)
        TemplateListing listing = TemplateListing.of(BUSINESS, new TemplatesListed(List.of(new ListedTemplate("spring_sale", "es")), 2),
                T0.plusSeconds(60));

        // Then only the unlisted one is gone, from the list's instant, its category kept
        assertThat(listing.gone(listed)).isEmpty();
        assertThat(listing.gone(newer)).isEmpty();
        TemplateState gone = listing.gone(unlisted).orElseThrow();
        assertThat(gone.status()).isEqualTo(TemplateStatus.DELETED);
        assertThat(gone.approved()).isFalse();
        assertThat(gone.since()).isEqualTo(T0.plusSeconds(60));
        // and an older APPROVED arriving late does not bring it back; a later one does
        assertThat(gone.apply(named("old_promo", TemplateStatus.APPROVED), T0.plusSeconds(30)).approved()).isFalse();
        assertThat(gone.apply(named("old_promo", TemplateStatus.APPROVED), T0.plusSeconds(90)).approved()).isTrue();
        // and another business's template is not this list's to judge
        assertThat(listing.gone(TemplateState.from("other", named("old_promo", TemplateStatus.APPROVED), T0))).isEmpty();
        TemplateStatusChanged portuguese = TemplateStatusChanged.newBuilder(named("spring_sale", TemplateStatus.APPROVED)).setLanguage("pt_BR").build();
        assertThat(listing.gone(TemplateState.from(BUSINESS, portuguese, T0))).as("listed in es only: the pt_BR translation is gone").isPresent();
    }

    @Test
    void shouldStartAtTheFirstTierAndTakeTheNewestReportedOne() {
        MessagingLimit limit = MessagingLimit.INITIAL.apply(MessagingTier.TIER_2K, T0);

        assertThat(limit.apply(MessagingTier.UNKNOWN, T0.plusSeconds(1)).tier()).isEqualTo(MessagingTier.TIER_2K);
        assertThat(limit.apply(MessagingTier.TIER_250, T0.minusSeconds(1)).tier()).isEqualTo(MessagingTier.TIER_2K);
        assertThat(limit.apply(MessagingTier.TIER_10K, T0.plusSeconds(1)).tier()).isEqualTo(MessagingTier.TIER_10K);
    }

    private static SenderQualityChanged quality(QualityRating rating, SenderStatus status, String webhookEvent) {
        return SenderQualityChanged.newBuilder().setSenderId(SENDER).setQualityRating(rating).setStatus(status).setWebhookEvent(webhookEvent).build();
    }

    private static TemplateStatusChanged named(String name, TemplateStatus status) {
        return TemplateStatusChanged.newBuilder().setTemplateName(name).setLanguage("es").setStatus(status).build();
    }

    private static TemplateStatusChanged template(TemplateStatus status, MessageCategory category) {
        return TemplateStatusChanged.newBuilder().setTemplateName("spring_sale").setLanguage("es").setStatus(status).setCategory(category).build();
    }
}
