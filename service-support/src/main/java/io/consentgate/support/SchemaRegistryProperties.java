package io.consentgate.support;

import io.consentgate.schemas.serde.SchemaRegistrySettings;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the schema registry is and how to reach it ({@code consentgate.schema-registry.*}).
 *
 * @param url               the Confluent-compatible API, e.g. {@code http://127.0.0.1:8081} or Apicurio's
 *                          {@code http://127.0.0.1:8080/apis/ccompat/v7}
 * @param basicAuthUserInfo {@code user:password}, when the registry wants basic auth
 * @param bearerToken       a static bearer token, when the registry wants one
 * @param timeout           per HTTP request
 * @param maxAttempts       tries for a registry that is down or answers 5xx, with doubling backoff
 */
@ConfigurationProperties("consentgate.schema-registry")
public record SchemaRegistryProperties(
        @DefaultValue("http://127.0.0.1:8081") URI url,
        String basicAuthUserInfo,
        String bearerToken,
        @DefaultValue("5s") Duration timeout,
        @DefaultValue("4") int maxAttempts) {

    public SchemaRegistrySettings settings() {
        return new SchemaRegistrySettings(url, blankToNull(basicAuthUserInfo), blankToNull(bearerToken), timeout, maxAttempts,
                SchemaRegistrySettings.of(url.toString()).initialBackoff());
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
