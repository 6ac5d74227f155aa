package io.consentgate.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** The committed schemas really are strict: otherwise the manifest and compose checks would pass vacuously. */
class JsonSchemasTest {

    @Test
    void shouldReportAMisspelledFieldAndAWrongTypeInAKubernetesObject() throws Exception {
        // Given
        JsonNode deployment = Documents.YAML.readTree("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: x}
                spec:
                  replicas: two
                  selector: {matchLabels: {app: x}}
                  template:
                    metadata: {labels: {app: x}}
                    spec:
                      containers:
                        - name: x
                          image: x
                          livenessprobe: {}
                """);

        // When / Then
        assertThat(JsonSchemas.violations("kubernetes/deployment-apps-v1.json", deployment))
                .anySatisfy(violation -> assertThat(violation).contains("replicas"))
                .anySatisfy(violation -> assertThat(violation).contains("livenessprobe"));
    }

    @Test
    void shouldReportAnUnknownServiceKeyInAComposeFile() throws Exception {
        // Given
        JsonNode compose = Documents.YAML.readTree("""
                services:
                  app:
                    image: x
                    healthchek: {test: ["CMD", "true"]}
                """);

        // When / Then
        assertThat(JsonSchemas.violations("compose/compose-spec.json", compose))
                .anySatisfy(violation -> assertThat(violation).contains("healthchek"));
    }
}
