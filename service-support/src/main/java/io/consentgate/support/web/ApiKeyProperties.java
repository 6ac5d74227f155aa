package io.consentgate.support.web;

import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may call the service's HTTP API ({@code consentgate.security.*}).
 *
 * @param apiKeys     caller name → key; a caller sends its key as {@code X-API-Key: <key>} or
 *                    {@code Authorization: Bearer <key>}. With none configured every protected
 *                    path answers 401: personal data is never served anonymously by mistake.
 * @param publicPaths path patterns that need no key besides {@link PublicPaths#ALWAYS} (health, metrics
 *                    and the OpenAPI document), e.g. a webhook that proves itself with a signature
 */
@ConfigurationProperties("consentgate.security")
public record ApiKeyProperties(
        Map<String, String> apiKeys,
        @DefaultValue List<String> publicPaths) {

    public ApiKeyProperties {
        apiKeys = apiKeys == null ? Map.of() : Map.copyOf(apiKeys);
        publicPaths = List.copyOf(publicPaths);
    }
}
