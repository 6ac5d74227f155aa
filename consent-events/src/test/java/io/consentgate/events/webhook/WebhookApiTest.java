package io.consentgate.events.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.consentgate.events.ApiTestSupport;
import io.consentgate.events.Fixtures;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

@AutoConfigureMockMvc
class WebhookApiTest extends ApiTestSupport {

    private final WebhookSignature meta = new WebhookSignature("app-secret-ü");

    @Autowired
    MockMvc mvc;
    @Autowired
    MeterRegistry meters;

    @BeforeEach
    void forgetEarlierSends() {
        producer.clear();
    }

    @Test
    void shouldEchoTheChallengeOnlyForTheConfiguredVerifyToken() throws Exception {
        mvc.perform(get("/webhooks/whatsapp").param("hub.mode", "subscribe").param("hub.verify_token", "verify-me")
                        .param("hub.challenge", "1158201444"))
                .andExpect(status().isOk())
                .andExpect(content().string("1158201444"));
        mvc.perform(get("/webhooks/whatsapp").param("hub.mode", "subscribe").param("hub.verify_token", "guess")
                        .param("hub.challenge", "1158201444"))
                .andExpect(status().isForbidden());
    }

    @Test
    void shouldPublishEveryEventOfASignedDeliveryWithoutAnApiKey() throws Exception {
        byte[] body = Fixtures.bytes("webhooks/messages-batch.json");

        mvc.perform(post("/webhooks/whatsapp").header(WebhookSignature.HEADER, meta.headerFor(body))
                        .contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isOk());

        assertThat(sent()).as("8 facts and the links of the 2 people named by phone number and BSUID, under each").hasSize(12).allSatisfy(record -> assertThat(record.topic()).isEqualTo("contact-events"));
        assertThat(new String(sent().getFirst().key(), StandardCharsets.UTF_8)).isEqualTo("acme-retail|+34612345678");
        assertThat(meters.get("consentgate.webhook.unknown").tag("kind", "field.account_update").counter().count()).isPositive();
        assertThat(meters.get("consentgate.webhook.refused").tag("reason", "unknown_account").counter().count()).isPositive();
    }

    @Test
    void shouldPublishBusinessEventsKeyedByBusiness() throws Exception {
        byte[] body = Fixtures.bytes("webhooks/business-batch.json");

        mvc.perform(post("/webhooks/whatsapp").header(WebhookSignature.HEADER, meta.headerFor(body))
                        .contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isOk());

        assertThat(sent()).hasSize(5).allSatisfy(record -> {
            assertThat(record.topic()).isEqualTo("business-events");
            assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("acme-retail");
        });
        assertThat(businessEvent(sent().getFirst()).getSource()).isEqualTo("whatsapp-webhook");
    }

    @Test
    void shouldRefuseAnUnsignedOrWronglySignedDeliveryAndPublishNothing() throws Exception {
        byte[] body = Fixtures.bytes("webhooks/messages-batch.json");
        double failuresBefore = meters.get("consentgate.webhook.signature.failures").counter().count();

        mvc.perform(post("/webhooks/whatsapp").contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isUnauthorized());
        mvc.perform(post("/webhooks/whatsapp").header(WebhookSignature.HEADER, new WebhookSignature("wrong").headerFor(body))
                        .contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isUnauthorized());

        assertThat(sent()).isEmpty();
        assertThat(meters.get("consentgate.webhook.signature.failures").counter().count()).isEqualTo(failuresBefore + 2);
    }

    @Test
    void shouldAnswer400ToASignedBodyThatIsNotJson() throws Exception {
        byte[] body = "{\"object\": \"whatsapp_business_account\", \"entry\": [".getBytes(StandardCharsets.UTF_8);

        mvc.perform(post("/webhooks/whatsapp").header(WebhookSignature.HEADER, meta.headerFor(body))
                        .contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isBadRequest());

        assertThat(sent()).isEmpty();
    }

    @Test
    void shouldNotPublishADeliveryTwiceWhenItIsReplayed() throws Exception {
        // Found by the hostile-HTTP fault scenario: a captured signed delivery sent again was published again.
        // A copy of its own (a trailing newline): the other tests post the fixture once each, on the same context.
        byte[] body = (new String(Fixtures.bytes("webhooks/business-batch.json"), StandardCharsets.UTF_8) + "\n").getBytes(StandardCharsets.UTF_8);
        String signature = meta.headerFor(body);

        mvc.perform(post("/webhooks/whatsapp").header(WebhookSignature.HEADER, signature).contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isOk());
        int published = sent().size();
        mvc.perform(post("/webhooks/whatsapp").header(WebhookSignature.HEADER, signature).contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isOk())
                .andExpect(content().json("{\"published\": 0, \"replayed\": true}"));

        assertThat(published).isPositive();
        assertThat(sent()).hasSize(published);
    }
}
