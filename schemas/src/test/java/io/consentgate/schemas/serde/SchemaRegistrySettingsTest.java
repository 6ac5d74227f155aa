package io.consentgate.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class SchemaRegistrySettingsTest {

    @Test
    void shouldReadConfluentKeysFromKafkaConfigs() {
        // Given
        Map<String, Object> configs = Map.of(
                "schema.registry.url", "https://registry.internal:8081/",
                "basic.auth.credentials.source", "USER_INFO",
                "basic.auth.user.info", "svc-gate:s3cret",
                "schema.registry.timeout.ms", "2500",
                "schema.registry.max.attempts", 6,
                "bootstrap.servers", "broker:9092");

        // When
        var settings = SchemaRegistrySettings.fromConfigs(configs);

        // Then
        assertThat(settings).isEqualTo(new SchemaRegistrySettings(URI.create("https://registry.internal:8081"),
                "svc-gate:s3cret", null, Duration.ofMillis(2500), 6, Duration.ofMillis(100)));
    }

    @Test
    void shouldDefaultToFiveSecondsAndFourAttempts() {
        // When
        var settings = SchemaRegistrySettings.fromConfigs(Map.of(
                "schema.registry.url", "http://127.0.0.1:8080/apis/ccompat/v7",
                "bearer.auth.credentials.source", "STATIC_TOKEN",
                "bearer.auth.token", "token-1"));

        // Then
        assertThat(settings).isEqualTo(new SchemaRegistrySettings(URI.create("http://127.0.0.1:8080/apis/ccompat/v7"),
                null, "token-1", Duration.ofSeconds(5), 4, Duration.ofMillis(100)));
        assertThat(SchemaRegistrySettings.of("http://127.0.0.1:8080/apis/ccompat/v7")).isEqualTo(
                new SchemaRegistrySettings(settings.url(), null, null, Duration.ofSeconds(5), 4, Duration.ofMillis(100)));
    }

    @Test
    void shouldRefuseConfigsItCannotHonour() {
        assertThatThrownBy(() -> SchemaRegistrySettings.fromConfigs(Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("schema.registry.url is missing");
        assertThatThrownBy(() -> SchemaRegistrySettings.fromConfigs(Map.of("schema.registry.url", "http://a:8081,http://b:8081")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("not a list");
        assertThatThrownBy(() -> SchemaRegistrySettings.fromConfigs(Map.of("schema.registry.url", "http://a:8081",
                "basic.auth.credentials.source", "SASL_INHERIT")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("only USER_INFO is supported");
        assertThatThrownBy(() -> SchemaRegistrySettings.fromConfigs(Map.of("schema.registry.url", "http://a:8081",
                "schema.registry.max.attempts", "many")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("schema.registry.max.attempts");
    }

    @Test
    void shouldKeepSecretsOutOfItsDescription() {
        // Given
        var settings = new SchemaRegistrySettings(URI.create("http://127.0.0.1:8081"), "svc-gate:s3cret", null,
                Duration.ofSeconds(5), 4, Duration.ofMillis(100));

        // When / Then
        assertThat(settings.toString()).doesNotContain("s3cret").contains("auth=basic");
    }
}
