package io.consentgate.events.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.consentgate.avro.ContactEvent;
import io.consentgate.events.ConsentEventsApplication;
import io.consentgate.schemas.Topics;
import io.consentgate.testing.KafkaBrokerProcess;
import io.consentgate.testing.KafkaTopics;
import io.consentgate.testing.SharedRegistry;
import io.consentgate.testing.TopicClients;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Kafka goes away: the intake answers 503 with Retry-After, quickly, and never loses what it acknowledged. */
class BrokerDownTest {

    private static final Pattern EVENT_ID = Pattern.compile("\"eventId\":\"([^\"]+)\"");

    @TempDir
    Path folder;

    @Test
    void shouldAnswer503WhileKafkaIsDownAndLoseNothingItAcknowledged() throws Exception {
        try (KafkaBrokerProcess broker = KafkaBrokerProcess.create(folder).start()) {
            KafkaTopics.createContractTopics(broker.bootstrapServers(), 3);
            try (ConfigurableApplicationContext app = new SpringApplicationBuilder(ConsentEventsApplication.class).run(
                    "--server.port=0",
                    "--spring.kafka.bootstrap-servers=" + broker.bootstrapServers(),
                    "--spring.kafka.producer.properties.delivery.timeout.ms=4000",
                    "--spring.kafka.producer.properties.request.timeout.ms=2000",
                    "--spring.kafka.producer.properties.max.block.ms=4000",
                    "--consentgate.events.publish-timeout=8s",
                    "--consentgate.events.retry-after=5s",
                    "--consentgate.schema-registry.url=" + SharedRegistry.url(),
                    "--consentgate.security.api-keys.test=down-key",
                    "--logging.level.org.apache.kafka=OFF",
                    "--logging.level.io.consentgate=ERROR")) {
                String base = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
                Set<String> acknowledged = new HashSet<>();

                // Given opt-ins recorded while Kafka is up
                for (int i = 0; i < 5; i++) {
                    HttpResponse<String> response = optIn(base, i);
                    assertThat(response.statusCode()).isEqualTo(202);
                    acknowledged.add(eventId(response));
                }

                // When the broker stops, a capture is answered 503 with Retry-After, within the bounded timeout
                broker.stop();
                long start = System.nanoTime();
                HttpResponse<String> refused = optIn(base, 100);
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                assertThat(refused.statusCode()).isEqualTo(503);
                assertThat(refused.headers().firstValue("Retry-After")).hasValue("5");
                assertThat(took).isLessThan(Duration.ofSeconds(20));

                // Then once it is back, captures succeed again
                broker.start();
                await("captures to succeed again").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
                    HttpResponse<String> response = optIn(base, 200 + acknowledged.size());
                    if (response.statusCode() == 202) {
                        acknowledged.add(eventId(response));
                        return true;
                    }
                    return false;
                });

                // and every event ever acknowledged with a 2xx is on the topic
                try (Consumer<String, ContactEvent> consumer =
                             TopicClients.consumer(broker.bootstrapServers(), Topics.CONTACT_EVENTS, SharedRegistry.client())) {
                    Set<String> onTopic = new HashSet<>();
                    await("acknowledged events on contact-events").atMost(Duration.ofSeconds(30)).until(() -> {
                        consumer.poll(Duration.ofMillis(200)).forEach(record -> onTopic.add(record.value().getEventId()));
                        return onTopic.containsAll(acknowledged);
                    });
                }
            }
        }
    }

    private static HttpResponse<String> optIn(String base, int n) throws Exception {
        String body = """
                {"contact": "+3461234%04d", "businessName": "ACME", "scopes": [{"category": "UTILITY"}], "channel": "WEB_FORM",
                 "noticeVersion": "v1", "noticeText": "ok", "language": "es", "evidenceRef": "form/%d"}
                """.formatted(5000 + n, n);
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/v1/businesses/biz-down/opt-ins"))
                .header("Content-Type", "application/json").header("X-API-Key", "down-key")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String eventId(HttpResponse<String> response) {
        Matcher matcher = EVENT_ID.matcher(response.body());
        assertThat(matcher.find()).as("event id in %s", response.body()).isTrue();
        return matcher.group(1);
    }
}
