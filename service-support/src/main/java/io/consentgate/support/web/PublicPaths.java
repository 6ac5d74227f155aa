package io.consentgate.support.web;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * The paths that need no API key: always health and metrics (for the platform) and the OpenAPI document (it
 * describes the API and holds no data; the API it describes still needs a key), plus a service's own
 * ({@code consentgate.security.public-paths}, e.g. a webhook that proves itself with a signature).
 */
public final class PublicPaths {

    public static final List<String> ALWAYS = List.of("/actuator/health", "/actuator/health/**", "/actuator/prometheus",
            "/v3/api-docs", "/v3/api-docs/**");

    private final List<PathPattern> patterns;

    public PublicPaths(List<String> configured) {
        Set<String> all = new LinkedHashSet<>(ALWAYS);
        all.addAll(configured);
        this.patterns = all.stream().map(PathPatternParser.defaultInstance::parse).toList();
    }

    /** @param path a path in normal form (see {@link ApiKeyFilter}), without the context path */
    public boolean matches(String path) {
        PathContainer container = PathContainer.parsePath(path);
        return patterns.stream().anyMatch(pattern -> pattern.matches(container));
    }
}
