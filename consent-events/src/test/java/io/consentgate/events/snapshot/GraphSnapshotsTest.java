package io.consentgate.events.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.consentgate.avro.ListedTemplate;
import io.consentgate.avro.MessageCategory;
import io.consentgate.avro.MessagingTier;
import io.consentgate.avro.QualityRating;
import io.consentgate.avro.SenderQualityChanged;
import io.consentgate.avro.SenderStatus;
import io.consentgate.avro.TemplateStatus;
import io.consentgate.avro.TemplateStatusChanged;
import io.consentgate.avro.TemplatesListed;
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
        List<BusinessFact> facts = GraphSnapshots.templates("acme", graph("graph/message-templates.json"), NOW).facts();

        assertThat(facts.subList(0, 3)).extracting(fact -> ((TemplateStatusChanged) fact.payload()).getStatus())
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
    void shouldListEveryTemplateOfACompleteSetOfPagesSoTheGateMarksTheOthersGone() {
        // Given Meta's pages in order, as jq -s gives them: the first without paging.previous, the last without paging.next
        JsonNode pages = JSON.readTree("""
                [{"data": [{"name": "order_update", "language": "es", "status": "APPROVED", "category": "UTILITY", "id": "1"},
                           {"name": "order_update", "language": "pt_BR", "status": "APPROVED", "category": "UTILITY", "id": "2"}],
                  "paging": {"cursors": {"before": "MAZDZD", "after": "MjQZD"}, "next": "https://graph.facebook.com/v23.0/1/message_templates?after=MjQZD"}},
                 {"data": [{"name": "spring_sale", "language": "es", "status": "PAUSED", "category": "MARKETING", "id": "3"}],
                  "paging": {"cursors": {"before": "MjUZD", "after": "MjYZD"}, "previous": "https://graph.facebook.com/v23.0/1/message_templates?before=MjUZD"}}]""");

        GraphSnapshots.TemplateSnapshot snapshot = GraphSnapshots.templates("acme", pages, NOW);

        // Then each template's status, and last the whole list, all at the snapshot's instant
        assertThat(snapshot.complete()).isTrue();
        assertThat(snapshot.facts()).hasSize(4).allSatisfy(fact -> assertThat(fact.occurredAt()).isEqualTo(NOW));
        TemplatesListed listed = (TemplatesListed) snapshot.facts().getLast().payload();
        assertThat(listed.getPages()).isEqualTo(2);
        assertThat(listed.getTemplates()).containsExactly(new ListedTemplate("order_update", "es"), new ListedTemplate("order_update", "pt_BR"),
                new ListedTemplate("spring_sale", "es"));
    }

    @Test
    void shouldMarkNothingGoneWhenThePagesAreNotTheWholeList() {
        String first = """
                {"data": [{"name": "a", "language": "es", "status": "APPROVED"}], "paging": {"next": "https://graph.facebook.com/n"}}""";
        String middle = """
                {"data": [{"name": "b", "language": "es", "status": "APPROVED"}],
                 "paging": {"previous": "https://graph.facebook.com/p", "next": "https://graph.facebook.com/n"}}""";
        String last = """
                {"data": [{"name": "c", "language": "es", "status": "APPROVED"}], "paging": {"previous": "https://graph.facebook.com/p"}}""";

        // the last page missing, the first missing, the pages out of order, one middle page alone
        for (String body : new String[] {"[" + first + "," + middle + "]", "[" + middle + "," + last + "]", "[" + last + "," + first + "]", middle}) {
            GraphSnapshots.TemplateSnapshot snapshot = GraphSnapshots.templates("acme", JSON.readTree(body), NOW);
            assertThat(snapshot.complete()).as(body).isFalse();
            assertThat(snapshot.facts()).as(body).allSatisfy(fact -> assertThat(fact.payload()).isInstanceOf(TemplateStatusChanged.class));
        }
        assertThat(GraphSnapshots.templates("acme", JSON.readTree("[" + first + "," + middle + "," + last + "]"), NOW).complete()).isTrue();
    }

    @Test
    void shouldNameTheFieldOfABadPageByItsPlace() {
        JsonNode pages = JSON.readTree("""
                [{"data": [{"name": "a", "language": "es", "status": "APPROVED"}], "paging": {"next": "https://graph.facebook.com/n"}},
                 {"data": [{"name": "b", "language": "es", "status": "SHINY"}]}, {"paging": {}}]""");

        assertThatThrownBy(() -> GraphSnapshots.templates("acme", pages, NOW)).isInstanceOfSatisfying(InvalidRequestException.class,
                e -> assertThat(e.errors()).extracting(FieldProblem::field).containsExactly("[1].data[0].status", "[2].data"));
        assertThatThrownBy(() -> GraphSnapshots.templates("acme", JSON.readTree("[]"), NOW)).isInstanceOfSatisfying(InvalidRequestException.class,
                e -> assertThat(e.errors()).extracting(FieldProblem::field).containsExactly("body"));
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

        assertThatThrownBy(() -> GraphSnapshots.templates("acme", page, NOW).facts()).isInstanceOfSatisfying(InvalidRequestException.class,
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
