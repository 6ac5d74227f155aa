package io.consentgate.events.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.consentgate.avro.Channel;
import io.consentgate.avro.ConsentCategory;
import io.consentgate.avro.ContactEvent;
import io.consentgate.avro.OptIn;
import io.consentgate.avro.OptOut;
import io.consentgate.avro.OptOutMethod;
import io.consentgate.events.ApiTestSupport;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import java.util.List;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

@AutoConfigureMockMvc
class CaptureApiTest extends ApiTestSupport {

    static final String OPT_IN = """
            {"contact": "+34 612 34 56 78", "businessName": "ACME Tiendas",
             "scopes": [{"category": "UTILITY", "topic": "order-updates"}, {"category": "MARKETING"}],
             "channel": "WEB_FORM", "occurredAt": "2026-01-20T10:15:02.120Z", "noticeVersion": "wa-optin-es-v3",
             "noticeText": "Acepto recibir mensajes de WhatsApp de ACME Tiendas", "language": "es-ES",
             "evidenceRef": "form-submission/88213", "ipAddress": "203.0.113.7", "userAgent": "Mozilla/5.0 (Android 14)"}
            """;

    @Autowired
    MockMvc mvc;

    @BeforeEach
    void forgetEarlierSends() {
        producer.clear();
    }

    @Test
    void shouldRecordAnOptInWithItsProofUnderTheCanonicalKey() throws Exception {
        // When a web form posts an opt-in with the number in a national-looking international format
        mvc.perform(post("/v1/businesses/acme-retail/opt-ins").header("X-API-Key", API_KEY)
                        .contentType(MediaType.APPLICATION_JSON).content(OPT_IN))
                // Then it is accepted once Kafka acknowledged it
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.contact").value("+34612345678"))
                .andExpect(jsonPath("$.key").value("acme-retail|+34612345678"));

        // and the event on contact-events carries the canonical key and the proof
        assertThat(sent()).singleElement().satisfies(record -> {
            assertThat(record.topic()).isEqualTo("contact-events");
            assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("acme-retail|+34612345678");
            ContactEvent event = contactEvent(record);
            assertThat(event.getSource()).isEqualTo("web-signup");
            assertThat(event.getOccurredAt()).isEqualTo(Instant.parse("2026-01-20T10:15:02.120Z"));
            OptIn optIn = (OptIn) event.getPayload();
            assertThat(optIn.getScopes()).extracting(scope -> scope.getCategory()).containsExactly(ConsentCategory.UTILITY, ConsentCategory.MARKETING);
            assertThat(optIn.getChannel()).isEqualTo(Channel.WEB_FORM);
            assertThat(optIn.getNoticeHash()).hasSize(64);
            assertThat(optIn.getConsentId()).isEqualTo(event.getEventId());
            assertThat(optIn.getEvidenceRef()).isEqualTo("form-submission/88213");
        });
    }

    @Test
    void shouldPublishTheSameEventIdWhenACallIsRetriedWithItsIdempotencyKey() throws Exception {
        for (int attempt = 0; attempt < 2; attempt++) {
            mvc.perform(post("/v1/businesses/acme-retail/opt-ins").header("X-API-Key", API_KEY).header("Idempotency-Key", "form-88213")
                    .contentType(MediaType.APPLICATION_JSON).content(OPT_IN)).andExpect(status().isAccepted());
        }

        assertThat(sent()).hasSize(2);
        assertThat(contactEvent(sent().get(0)).getEventId()).isEqualTo(contactEvent(sent().get(1)).getEventId());
    }

    @Test
    void shouldRecordAnOptOutOfEverythingByDefaultAndReadNationalFormatsWithTheBusinessRegion() throws Exception {
        mvc.perform(post("/v1/businesses/acme-es/opt-outs").header("Authorization", "Bearer " + API_KEY)
                        .contentType(MediaType.APPLICATION_JSON).content("{\"contact\": \"612 34 56 78\", \"channel\": \"SMS\"}"))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.key").value("acme-es|+34612345678"));

        OptOut optOut = (OptOut) contactEvent(sent().getFirst()).getPayload();
        assertThat(optOut.getScopes()).extracting(scope -> scope.getCategory()).containsExactly(ConsentCategory.ALL);
        assertThat(optOut.getMethod()).isEqualTo(OptOutMethod.REQUEST);
    }

    @Test
    void shouldRefuseEveryWrongFieldAtOnceAndPublishNothing() throws Exception {
        mvc.perform(post("/v1/businesses/acme-retail/opt-ins").header("X-API-Key", API_KEY).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"contact\": \"612345678\", \"scopes\": [{\"category\": \"PROMOS\"}], \"channel\": \"FAX\", "
                                + "\"noticeHash\": \"abc\", \"language\": \"es-ES\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors[*].field").value(org.hamcrest.Matchers.containsInAnyOrder(
                        "contact", "businessName", "scopes[0].category", "channel", "noticeVersion", "noticeHash", "evidenceRef")))
                .andExpect(jsonPath("$.errors[?(@.field == 'contact')].message").value(hasItem(containsString("E.164"))));

        assertThat(sent()).isEmpty();
    }

    @Test
    void shouldNameTheFieldOfAWronglyTypedOrUnknownProperty() throws Exception {
        mvc.perform(post("/v1/businesses/acme-retail/opt-outs").header("X-API-Key", API_KEY).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"contact\": \"+34612345678\", \"channel\": \"SMS\", \"occurredAt\": \"yesterday\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("occurredAt"));
        mvc.perform(post("/v1/businesses/acme-retail/opt-outs").header("X-API-Key", API_KEY).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"contact\": \"+34612345678\", \"channel\": \"SMS\", \"scope\": []}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("scope"));

        assertThat(sent()).isEmpty();
    }

    @Test
    void shouldNotRepeatTheCallersValuesInAnError() throws Exception {
        // Found by the hostile-HTTP fault scenario: refusals quoted the offending values ("contact 'Zelda … +34…' …",
        // "'Zelda …' is not one of …", Jackson's "from String value ('…')"): a phone number or a name in an error answer.
        for (String body : List.of(
                "{\"contact\": \"Zelda Markerova +34612987654\", \"channel\": \"SMS\"}",
                "{\"contact\": \"+34612987654\", \"channel\": \"Zelda Markerova\"}",
                "\"Zelda Markerova +34612987654\"",
                "{\"contact\": \"+34612987654\", \"channel\": Zelda}",
                "{\"contact\": \"+34612987654\", \"channel\": \"SMS\", \"occurredAt\": \"Zelda 612987654\"}")) {
            String answer = mvc.perform(post("/v1/businesses/acme-retail/opt-outs").header("X-API-Key", API_KEY)
                            .contentType(MediaType.APPLICATION_JSON).content(body))
                    .andExpect(status().isBadRequest())
                    .andReturn().getResponse().getContentAsString(java.nio.charset.StandardCharsets.UTF_8);

            assertThat(answer).as(body).doesNotContain("Zelda").doesNotContain("612987654");
        }
        assertThat(sent()).isEmpty();
    }

    @Test
    void shouldRefuseCallersWithoutAnApiKey() throws Exception {
        mvc.perform(post("/v1/businesses/acme-retail/opt-ins").contentType(MediaType.APPLICATION_JSON).content(OPT_IN))
                .andExpect(status().isUnauthorized());

        assertThat(sent()).isEmpty();
    }

    @Test
    void shouldRefuseABodyLargerThanTheLimit() throws Exception {
        String huge = "{\"contact\": \"" + "9".repeat(70_000) + "\"}";

        mvc.perform(post("/v1/businesses/acme-retail/opt-ins").header("X-API-Key", API_KEY)
                        .contentType(MediaType.APPLICATION_JSON).content(huge))
                .andExpect(status().isContentTooLarge());

        assertThat(sent()).isEmpty();
    }

    @Test
    void shouldImportNdjsonAndReportTheRefusedLines() throws Exception {
        String ndjson = """
                {"type": "opt-in", "contact": "+34612345678", "businessName": "ACME", "scopes": [{"category": "MARKETING"}], "channel": "PAPER", "noticeVersion": "v1", "noticeText": "Sí", "language": "es", "evidenceRef": "scan/1"}
                {"type": "opt-out", "contact": "+393123456789", "channel": "CALL_CENTER"}

                {"type": "opt-in", "contact": "not a number"}
                {"type": "unsubscribe", "contact": "+34612345678"}
                {broken json
                """;

        mvc.perform(post("/v1/businesses/acme-retail/consent-imports").header("X-API-Key", API_KEY)
                        .contentType("application/x-ndjson").content(ndjson))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.accepted").value(2))
                .andExpect(jsonPath("$.refused").value(3))
                .andExpect(jsonPath("$.refusals[*].line").value(org.hamcrest.Matchers.contains(4, 5, 6)))
                .andExpect(jsonPath("$.refusals[1].errors[0].field").value("type"));

        assertThat(sent()).hasSize(2);
    }

    @Test
    void shouldImportCsvWithScopesAndQuotedCells() throws Exception {
        String csv = """
                type,contact,businessName,scopes,channel,noticeVersion,noticeText,language,evidenceRef
                opt-in,+34 612 34 56 78,"ACME, Tiendas",UTILITY:order-updates;MARKETING,IN_STORE,v2,"Acepto \"\"todo\"\"",es-ES,paper/77
                opt-in,+34612345679,ACME,NEWSLETTER,IN_STORE,v2,x,es-ES,paper/78
                """;

        mvc.perform(post("/v1/businesses/acme-retail/consent-imports").header("X-API-Key", API_KEY).contentType("text/csv").content(csv))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.accepted").value(1))
                .andExpect(jsonPath("$.refusals[0].line").value(3))
                .andExpect(jsonPath("$.refusals[0].errors[0].field").value("scopes[0].category"));

        OptIn optIn = (OptIn) contactEvent(sent().getFirst()).getPayload();
        assertThat(optIn.getBusinessName()).isEqualTo("ACME, Tiendas");
        assertThat(optIn.getScopes()).hasSize(2);
    }

    @Test
    void shouldAnswer422WhenNoLineOfAnImportCanBeRecorded() throws Exception {
        mvc.perform(post("/v1/businesses/acme-retail/consent-imports").header("X-API-Key", API_KEY)
                        .contentType("application/x-ndjson").content("{\"type\": \"opt-out\"}\n"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.refusals[0].errors[0].field").value("contact"));

        assertThat(sent()).isEmpty();
    }
}
