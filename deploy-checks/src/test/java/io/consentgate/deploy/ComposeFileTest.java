package io.consentgate.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.consentgate.schemas.Topic;
import io.consentgate.schemas.Topic.Retention;
import io.consentgate.schemas.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** docker-compose.yml, checked without a Docker engine. */
class ComposeFileTest {

    private static final List<String> SERVICES = List.of("consent-events", "consent-projector", "send-gate");

    private final JsonNode compose = Documents.yaml(Repository.COMPOSE_FILE);
    private final JsonNode services = compose.path("services");

    @Test
    void shouldFollowTheComposeSpecification() throws Exception {
        // Given the Compose Specification's JSON schema
        // When
        List<String> violations = JsonSchemas.violations("compose/compose-spec.json", compose);

        // Then
        assertThat(violations).isEmpty();
        // Where the docker-compose client is installed (Debian's package works without an engine), it has its say too.
        Optional<Path> dockerCompose = Executables.onPath("docker-compose");
        if (dockerCompose.isPresent()) {
            Process config = new ProcessBuilder(dockerCompose.get().toString(), "-f", Repository.COMPOSE_FILE.toString(), "config", "--quiet")
                    .redirectErrorStream(true).start();
            assertThat(config.waitFor(60, TimeUnit.SECONDS)).as("docker-compose config finished").isTrue();
            assertThat(config.exitValue()).as(new String(config.getInputStream().readAllBytes())).isZero();
        }
    }

    @Test
    void shouldGiveEveryLongRunningServiceAHealthcheck() {
        // Given one-shot jobs (others wait for them to complete) need none
        List<String> jobs = names(services).stream().filter(this::isOneShotJob).toList();

        // When / Then
        assertThat(jobs).containsExactly("topics");
        names(services).stream().filter(name -> !jobs.contains(name)).forEach(name -> {
            JsonNode healthcheck = services.path(name).path("healthcheck");
            assertThat(healthcheck.path("test").isMissingNode()).as(name + " has a healthcheck test").isFalse();
            assertThat(healthcheck.path("disable").asBoolean(false)).as(name + " healthcheck enabled").isFalse();
        });
    }

    @Test
    void shouldWaitOnlyForServicesThatExistAndCanSatisfyTheCondition() {
        // Given
        Map<String, String> conditionByDependency = new TreeMap<>();

        // When
        for (String name : names(services)) {
            services.path(name).path("depends_on").properties().forEach(dependency ->
                    conditionByDependency.put(name + " -> " + dependency.getKey(), dependency.getValue().path("condition").asText()));
        }

        // Then
        assertThat(conditionByDependency).isNotEmpty().allSatisfy((edge, condition) -> {
            String target = edge.substring(edge.indexOf(" -> ") + 4);
            assertThat(services.has(target)).as(edge + ": no such service").isTrue();
            switch (condition) {
                case "service_healthy" -> assertThat(services.path(target).has("healthcheck")).as(edge + " waits for a health check it lacks").isTrue();
                case "service_completed_successfully" -> assertThat(isOneShotJob(target)).as(edge + " waits for a job that never ends").isTrue();
                default -> throw new AssertionError(edge + ": wait for health (service_healthy), not just a start (" + condition + ")");
            }
        });
    }

    @Test
    void shouldStartEachServiceOnlyOnceTopicsAndRegistryAreReady() {
        // Given / When / Then
        for (String service : SERVICES) {
            JsonNode dependsOn = services.path(service).path("depends_on");
            assertThat(dependsOn.path("topics").path("condition").asText()).as(service).isEqualTo("service_completed_successfully");
            assertThat(dependsOn.path("schema-registry").path("condition").asText()).as(service).isEqualTo("service_healthy");
            assertThat(services.path("topics").path("depends_on").path("kafka").path("condition").asText()).isEqualTo("service_healthy");
        }
    }

    @Test
    void shouldBuildEachServiceFromItsOwnJarAndPointItAtKafkaAndTheRegistry() {
        // Given / When / Then
        for (String service : SERVICES) {
            JsonNode definition = services.path(service);
            assertThat(Repository.ROOT.resolve(definition.path("build").path("dockerfile").asText())).isRegularFile();
            assertThat(definition.path("build").path("args").path("MODULE").asText()).isEqualTo(service);
            assertThat(definition.path("environment").path("SPRING_KAFKA_BOOTSTRAP_SERVERS").asText()).isEqualTo("kafka:9092");
            assertThat(definition.path("environment").path("CONSENTGATE_SCHEMA_REGISTRY_URL").asText())
                    .isEqualTo("http://schema-registry:8080/apis/ccompat/v7");
        }
    }

    @Test
    void shouldGiveTheProjectorAndTheGateTheSameErasureKey() {
        // Given / When
        String projectorKey = services.path("consent-projector").path("environment").path("CONSENTGATE_PRIVACY_ERASUREHASHKEY").asText();
        String gateKey = services.path("send-gate").path("environment").path("CONSENTGATE_PRIVACY_ERASUREHASHKEY").asText();

        // Then: erased contacts are kept under this keyed hash, and both must find them
        assertThat(projectorKey).isNotBlank().isEqualTo(gateKey);
    }

    @Test
    void shouldMountOnlyFilesThatExist() {
        // Given / When / Then
        for (String name : names(services)) {
            for (JsonNode volume : services.path(name).path("volumes")) {
                String source = volume.asText().split(":")[0];
                if (source.startsWith("./")) {
                    assertThat(Repository.ROOT.resolve(source).normalize()).as(name + " mounts " + source).exists();
                }
            }
        }
    }

    @Test
    void shouldCreateExactlyTheContractTopicsWithTheBrokerConfigsOfTheirRetention() throws IOException {
        // Given the topic registry: each topic and its dead-letter topic, which is always a plain log
        Map<String, Map<String, String>> expected = new TreeMap<>();
        for (Topic<?> topic : Topics.ALL) {
            expected.put(topic.name(), topic.retention().topicConfigs());
            expected.put(topic.deadLetterTopic(), Retention.DELETE.topicConfigs());
        }

        // When: "NAME=\"k=v k=v\"" defines a retention, "create <topic> $NAME" creates a topic with it
        String script = Files.readString(Repository.CREATE_TOPICS);
        Map<String, Map<String, String>> retentions = new HashMap<>();
        Matcher retention = Pattern.compile("(?m)^([A-Z_]+)=\"([^\"]*)\"$").matcher(script);
        while (retention.find()) {
            retentions.put(retention.group(1), Pattern.compile(" ").splitAsStream(retention.group(2))
                    .map(config -> config.split("=", 2)).collect(Collectors.toMap(config -> config[0], config -> config[1])));
        }
        Map<String, Map<String, String>> created = new TreeMap<>();
        Matcher create = Pattern.compile("(?m)^create (\\S+) \\$([A-Z_]+)$").matcher(script);
        while (create.find()) {
            created.put(create.group(1), retentions.get(create.group(2)));
        }

        // Then
        assertThat(created).isEqualTo(expected);
    }

    private boolean isOneShotJob(String name) {
        return "no".equals(services.path(name).path("restart").asText())
                && names(services).stream().anyMatch(other -> "service_completed_successfully".equals(
                        services.path(other).path("depends_on").path(name).path("condition").asText()));
    }

    private static List<String> names(JsonNode object) {
        return object.properties().stream().map(Map.Entry::getKey).toList();
    }
}
