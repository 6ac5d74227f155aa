package io.consentgate.events.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.consentgate.avro.MessageCategory;
import io.consentgate.avro.MessagingTier;
import io.consentgate.avro.QualityRating;
import io.consentgate.avro.SenderQualityChanged;
import io.consentgate.avro.SenderStatus;
import io.consentgate.avro.TemplateStatus;
import io.consentgate.avro.TemplateStatusChanged;
import io.consentgate.events.Fixtures;
import io.consentgate.events.publisher.BusinessFact;
import io.consentgate.support.web.FieldProblem;
import io.consentgate.support.web.InvalidRequestException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class GraphSnapshotsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");

    @Test
    void shouldSetEveryTemplatesStatusAndCategoryFromAMessageTemplatesPage() {
        List<BusinessFact> facts = GraphSnapshots.templates("acme", graph("graph/message-templates.json"), NOW);

        assertThat(facts).extracting(fact -> ((TemplateStatusChanged) fact.payload()).getStatus())
                .containsExactly(TemplateStatus.APPROVED, TemplateStatus.FLAGGED, TemplateStatus.PAUSED);
        TemplateStatusChanged first = (TemplateStatusChanged) facts.getFirst().payload();
        assertThat(first.getTemplateName()).isEqualTo("order_update");
        assertThat(first.getCategory()).isEqualTo(MessageCategory.UTILITY);
        assertThat(facts).allSatisfy(fact -> {
            assertThat(fact.source()).isEqualTo("graph-snapshot");
            assertThat(fact.occurredAt()).isEqualTo(NOW);
        });
    }

    @Test
    void shouldSetQualityStatusAndLimitFromAPhoneNumbersPageOrOneNumber() {
        JsonNode page = graph("graph/phone-numbers.json");

        SenderQualityChanged fromPage = (SenderQualityChanged) GraphSnapshots.phoneNumbers("acme", page, NOW).getFirst().payload();
        SenderQualityChanged fromOne = (SenderQualityChanged) GraphSnapshots.phoneNumbers("acme", page.path("data").get(0), NOW).getFirst().payload();

        assertThat(fromPage).isEqualTo(fromOne);
        assertThat(fromPage.getSenderId()).isEqualTo("106540352242922");
        assertThat(fromPage.getQualityRating()).isEqualTo(QualityRating.RED);
        assertThat(fromPage.getStatus()).isEqualTo(SenderStatus.CONNECTED);
        assertThat(fromPage.getCurrentLimit()).isEqualTo(MessagingTier.TIER_2K);
    }

    @Test
    void shouldNameEveryInvalidFieldAndPublishNothing() {
        JsonNode page = JSON.readTree("""
                {"data": [{"name": "ok", "language": "es", "status": "APPROVED", "category": "UTILITY"},
                          {"language": "es", "status": "SHINY", "category": "UTILITY"}]}""");

        assertThatThrownBy(() -> GraphSnapshots.templates("acme", page, NOW)).isInstanceOfSatisfying(InvalidRequestException.class,
                e -> assertThat(e.errors()).extracting(FieldProblem::field).containsExactly("data[1].name", "data[1].status"));
        assertThatThrownBy(() -> GraphSnapshots.templates("acme", JSON.readTree("{\"paging\": {}}"), NOW))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.errors()).extracting(FieldProblem::field).containsExactly("data"));
        assertThatThrownBy(() -> GraphSnapshots.phoneNumbers("acme", JSON.readTree("{\"data\": [{\"quality_rating\": \"PURPLE\"}]}"), NOW))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.errors()).extracting(FieldProblem::field)
                        .containsExactly("data[0].id", "data[0].quality_rating"));
    }

    private static JsonNode graph(String fixture) {
        return JSON.readTree(Fixtures.bytes(fixture));
    }
}
