package io.consentgate.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** helm/consent-gate through the Helm library bundled by helm-java: lint, render, and the rendered objects checked. */
class HelmChartTest {

    private static final Map<String, String> KUBERNETES_SCHEMAS = Map.of(
            "apps/v1/Deployment", "kubernetes/deployment-apps-v1.json",
            "apps/v1/StatefulSet", "kubernetes/statefulset-apps-v1.json",
            "v1/Service", "kubernetes/service-v1.json",
            "v1/Secret", "kubernetes/secret-v1.json",
            "v1/ConfigMap", "kubernetes/configmap-v1.json",
            "policy/v1/PodDisruptionBudget", "kubernetes/poddisruptionbudget-policy-v1.json",
            "monitoring.coreos.com/v1/ServiceMonitor", "kubernetes/servicemonitor-monitoring-v1.json",
            "monitoring.coreos.com/v1/PrometheusRule", "kubernetes/prometheusrule-monitoring-v1.json");
    private static final Path EVERY_OPTION = testResource("/helm/every-option.yaml");
    private static final JsonNode EVERY_OPTION_VALUES = Documents.yaml(EVERY_OPTION);

    @Test
    void shouldPassStrictLint() {
        // Given / When
        LintResult lint = new Helm(Repository.CHART).lint().strict().call();

        // Then
        assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
    }

    @Test
    void shouldRenderObjectsThatMatchTheKubernetes130Schemas() {
        for (List<JsonNode> manifests : List.of(render(null), render(EVERY_OPTION))) {
            // Given / When
            List<String> violations = new ArrayList<>();
            for (JsonNode manifest : manifests) {
                String type = manifest.path("apiVersion").asText() + "/" + manifest.path("kind").asText();
                assertThat(KUBERNETES_SCHEMAS).as("a schema for " + type + " (add it under src/test/resources/schemas)").containsKey(type);
                JsonSchemas.violations(KUBERNETES_SCHEMAS.get(type), manifest)
                        .forEach(violation -> violations.add(type + " " + manifest.path("metadata").path("name").asText() + ": " + violation));
            }

            // Then
            assertThat(violations).isEmpty();
        }
    }

    @Test
    void shouldRunTheIntakeAsADeploymentAndTheKafkaStreamsServicesAsStatefulSetsWithTheirOwnVolumes() {
        // Given / When
        List<JsonNode> manifests = render(EVERY_OPTION);

        // Then
        assertThat(named(manifests, "Deployment", "consent-events").path("spec").path("replicas").asInt()).isEqualTo(2);
        for (String service : List.of("consent-projector", "send-gate")) {
            JsonNode statefulSet = named(manifests, "StatefulSet", service);
            JsonNode claim = statefulSet.path("spec").path("volumeClaimTemplates").path(0);
            assertThat(claim.path("metadata").path("name").asText()).isEqualTo("state");
            assertThat(named(manifests, "Service", statefulSet.path("spec").path("serviceName").asText()).path("spec").path("clusterIP").asText())
                    .isEqualTo("None");
            assertThat(container(statefulSet).path("volumeMounts").findValuesAsText("name")).contains("state");
        }
        JsonNode gate = named(manifests, "StatefulSet", "send-gate");
        assertThat(gate.path("spec").path("replicas").asInt()).isEqualTo(3);
        assertThat(gate.path("spec").path("volumeClaimTemplates").path(0).path("spec").path("storageClassName").asText()).isEqualTo("fast-ssd");
        assertThat(gate.path("spec").path("volumeClaimTemplates").path(0).path("spec").path("resources").path("requests").path("storage").asText())
                .isEqualTo("20Gi");
    }

    @Test
    void shouldConfigureStandbyReplicasStateDirKafkaAndTheRegistryFromValues() {
        // Given / When
        List<JsonNode> manifests = render(EVERY_OPTION);
        JsonNode gateConfig = applicationYaml(named(manifests, "ConfigMap", "send-gate"));
        JsonNode intakeConfig = applicationYaml(named(manifests, "ConfigMap", "consent-events"));

        // Then
        JsonNode kafka = gateConfig.path("spring").path("kafka");
        assertThat(kafka.path("bootstrap-servers").asText()).isEqualTo("kafka-0.kafka:9092,kafka-1.kafka:9092");
        assertThat(kafka.path("properties").path("security.protocol").asText()).isEqualTo("SASL_SSL");
        assertThat(kafka.path("streams").path("properties").path("num.standby.replicas").asInt()).isEqualTo(2);
        assertThat(kafka.path("streams").path("properties").path("commit.interval.ms").asInt()).as("the service's own config, merged").isEqualTo(20);
        assertThat(kafka.path("streams").path("state-dir").asText()).isEqualTo("/var/lib/consentgate/state");
        assertThat(kafka.path("streams").path("properties").path("replication.factor").asInt()).isEqualTo(3);
        assertThat(kafka.path("streams").path("properties").path("topic.min.insync.replicas").asInt()).isEqualTo(2);
        assertThat(gateConfig.path("consentgate").path("schema-registry").path("url").asText()).isEqualTo("https://registry.example.com/apis/ccompat/v7");
        assertThat(gateConfig.path("server").path("port").asInt()).isEqualTo(8083);
        assertThat(intakeConfig.path("spring").path("kafka").has("streams")).as("consent-events is no Kafka Streams app").isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"send-gate", "consent-projector"})
    void shouldGiveEachKafkaStreamsPodItsNameAsStaticGroupMember(String service) {
        // Given / When
        JsonNode env = container(named(render(EVERY_OPTION), "StatefulSet", service)).path("env");
        List<String> names = env.findValuesAsText("name");
        JsonNode instanceId = env.findParents("name").stream()
                .filter(variable -> variable.path("name").asText().equals("SPRING_KAFKA_STREAMS_PROPERTIES_GROUP_INSTANCE_ID"))
                .findFirst().orElseThrow();

        // Then: Kubernetes expands $(POD_NAME) only when POD_NAME is defined earlier in the list
        assertThat(instanceId.path("value").asText()).isEqualTo("$(POD_NAME)");
        assertThat(names.indexOf("POD_NAME")).isNotNegative().isLessThan(names.indexOf("SPRING_KAFKA_STREAMS_PROPERTIES_GROUP_INSTANCE_ID"));
    }

    @Test
    void shouldProbeActuatorLivenessAndReadiness() {
        for (JsonNode workload : workloads(render(null))) {
            // Given
            JsonNode container = container(workload);

            // When / Then
            assertThat(container.path("livenessProbe").path("httpGet").path("path").asText()).isEqualTo("/actuator/health/liveness");
            assertThat(container.path("startupProbe").path("httpGet").path("path").asText()).isEqualTo("/actuator/health/liveness");
            assertThat(container.path("readinessProbe").path("httpGet").path("path").asText()).isEqualTo("/actuator/health/readiness");
            assertThat(container.path("livenessProbe").path("httpGet").path("port").asText()).isEqualTo("http");
            assertThat(container.path("resources").path("requests").path("memory").asText()).isNotBlank();
        }
    }

    @Test
    void shouldKeepCredentialsInTheSecretAndOutOfPodSpecsAndConfigMaps() {
        // Given
        List<JsonNode> manifests = render(EVERY_OPTION);
        List<String> credentials = new ArrayList<>();
        EVERY_OPTION_VALUES.path("secrets").forEach(value -> {
            if (value.isTextual()) {
                credentials.add(value.asText());
            }
        });
        EVERY_OPTION_VALUES.path("secrets").path("apiKeys").forEach(key -> credentials.add(key.asText()));

        // When
        String secret = named(manifests, "Secret", "credentials").toString();
        String everythingElse = manifests.stream().filter(manifest -> !"Secret".equals(manifest.path("kind").asText()))
                .map(JsonNode::toString).reduce("", String::concat);

        // Then: the Secret holds each, as Spring property names the services read as a configtree
        assertThat(credentials).hasSize(6).allSatisfy(credential -> assertThat(everythingElse).doesNotContain(credential));
        assertThat(secret).contains("consentgate.events.whatsapp.app-secret", "consentgate.events.whatsapp.verify-token",
                "consentgate.privacy.erasure-hash-key",
                "consentgate.security.api-keys.crm", "consentgate.security.api-keys.campaigns",
                "consentgate.schema-registry.basic-auth-user-info");
        for (JsonNode workload : workloads(manifests)) {
            assertThat(container(workload).path("env").findValuesAsText("name")).contains("SPRING_CONFIG_IMPORT");
            assertThat(workload.toString()).contains("\"secretName\":\"cg-consent-gate-credentials\"");
        }
    }

    @Test
    void shouldUseAnExistingSecretInsteadOfCreatingOne() {
        // Given / When
        List<JsonNode> manifests = Documents.yamlDocuments(template().set("secrets.existingSecret", "consent-gate-prod").call());

        // Then
        assertThat(manifests).noneMatch(manifest -> "Secret".equals(manifest.path("kind").asText()));
        assertThat(workloads(manifests)).hasSize(3)
                .allSatisfy(workload -> assertThat(workload.toString()).contains("\"secretName\":\"consent-gate-prod\""));
    }

    @Test
    void shouldShipTheAlertRulesOfTheComposeStackAsAPrometheusRule() {
        // Given / When
        List<JsonNode> manifests = render(EVERY_OPTION);
        JsonNode rule = named(manifests, "PrometheusRule", "consent-gate");
        JsonNode serviceMonitor = named(manifests, "ServiceMonitor", "consent-gate");

        // Then
        assertThat(rule.path("spec")).isEqualTo(Documents.yaml(Repository.ALERT_RULES));
        assertThat(rule.path("metadata").path("labels").path("release").asText()).isEqualTo("kube-prometheus-stack");
        assertThat(serviceMonitor.path("spec").path("jobLabel").asText()).as("job label = service name, as in the rules").isEqualTo("app.kubernetes.io/name");
        assertThat(serviceMonitor.path("spec").path("endpoints").path(0).path("path").asText()).isEqualTo("/actuator/prometheus");
    }

    @Test
    void shouldRenderNoMonitoringObjectsByDefault() {
        // Given / When
        List<JsonNode> manifests = render(null);

        // Then
        assertThat(manifests).extracting(manifest -> manifest.path("kind").asText())
                .containsOnly("Deployment", "StatefulSet", "Service", "ConfigMap", "Secret", "PodDisruptionBudget");
    }

    @Test
    void shouldGiveEveryServiceWithMoreThanOneReplicaADisruptionBudgetOverItsOwnPods() {
        // Given / When
        List<JsonNode> manifests = Documents.yamlDocuments(template().set("consentEvents.replicas", 1).call());

        // Then: one pod of a service at a time; a single replica gets none (it would block every node drain)
        assertThat(manifests).noneMatch(manifest -> "PodDisruptionBudget".equals(manifest.path("kind").asText())
                && manifest.path("metadata").path("name").asText().endsWith("consent-events"));
        for (String service : List.of("consent-projector", "send-gate")) {
            JsonNode budget = named(manifests, "PodDisruptionBudget", service);
            JsonNode workload = named(manifests, "StatefulSet", service);
            assertThat(budget.path("spec").path("maxUnavailable").asInt()).isEqualTo(1);
            assertThat(budget.path("spec").path("selector")).isEqualTo(workload.path("spec").path("selector"));
        }
        assertThat(Documents.yamlDocuments(template().set("podDisruptionBudget.enabled", false).call()))
                .noneMatch(manifest -> "PodDisruptionBudget".equals(manifest.path("kind").asText()));
    }

    @Test
    void shouldRefuseValuesTheValuesSchemaForbids() {
        // Given / When / Then
        assertThatThrownBy(() -> template().set("sendGate.standbyReplicas", -1).call()).hasMessageContaining("standbyReplicas");
        assertThatThrownBy(() -> template().set("schemaRegistry.url", "registry:8081").call()).hasMessageContaining("url");
        assertThatThrownBy(() -> template().set("kafka.replicationFactor", 1).call()).hasMessageContaining("kafka.minInsyncReplicas (2) must not exceed");
    }

    private static List<JsonNode> render(Path valuesFile) {
        var template = template();
        if (valuesFile != null) {
            template.withValuesFile(valuesFile);
        }
        return Documents.yamlDocuments(template.call());
    }

    private static TemplateCommand template() {
        return new Helm(Repository.CHART).template().withName("cg").withNamespace("messaging").withKubeVersion("1.30.0");
    }

    private static List<JsonNode> workloads(List<JsonNode> manifests) {
        return manifests.stream().filter(manifest -> List.of("Deployment", "StatefulSet").contains(manifest.path("kind").asText())).toList();
    }

    /** The object of that kind whose name ends with the given suffix (names carry the release prefix). */
    private static JsonNode named(List<JsonNode> manifests, String kind, String nameSuffix) {
        return manifests.stream()
                .filter(manifest -> kind.equals(manifest.path("kind").asText()))
                .filter(manifest -> manifest.path("metadata").path("name").asText().endsWith(nameSuffix))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " named *" + nameSuffix + " rendered"));
    }

    private static JsonNode container(JsonNode workload) {
        return workload.path("spec").path("template").path("spec").path("containers").path(0);
    }

    private static JsonNode applicationYaml(JsonNode configMap) {
        try {
            return Documents.YAML.readTree(configMap.path("data").path("application.yml").asText());
        } catch (IOException e) {
            throw new AssertionError("application.yml of " + configMap.path("metadata").path("name").asText() + " is not YAML", e);
        }
    }

    private static Path testResource(String name) {
        try {
            return Path.of(HelmChartTest.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
