package io.consentgate.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks a service's served OpenAPI document against what it serves: every request mapping of the service's own
 * controllers (path and method) is in it, it names a security scheme, and every operation that needs a key says so.
 */
public final class OpenApiCoverage {

    private OpenApiCoverage() {
    }

    /** "POST /v1/..." for every mapping of a controller in {@code packagePrefix}. */
    public static Set<String> served(RequestMappingHandlerMapping mappings, String packagePrefix) {
        Set<String> served = new TreeSet<>();
        for (Map.Entry<RequestMappingInfo, ?> mapping : mappings.getHandlerMethods().entrySet()) {
            if (!mappings.getHandlerMethods().get(mapping.getKey()).getBeanType().getPackageName().startsWith(packagePrefix)) {
                continue;
            }
            Set<RequestMethod> methods = mapping.getKey().getMethodsCondition().getMethods();
            for (String path : mapping.getKey().getPatternValues()) {
                for (RequestMethod method : methods) {
                    served.add(method.name() + " " + path);
                }
            }
        }
        return served;
    }

    /** "POST /v1/..." for every operation in the document. */
    public static Set<String> documented(String apiDocsJson) {
        JsonNode paths = JsonMapper.builder().build().readTree(apiDocsJson).path("paths");
        Set<String> documented = new TreeSet<>();
        for (String path : paths.propertyNames()) {
            for (String method : paths.path(path).propertyNames()) {
                documented.add(method.toUpperCase(Locale.ROOT) + " " + path);
            }
        }
        return documented;
    }

    /**
     * Asserts that the document covers every served mapping, has a title and a version, names an API-key security
     * scheme, and that every operation but the {@code publicOperations} requires it.
     */
    public static void assertCovers(String apiDocsJson, Set<String> served, Set<String> publicOperations) {
        JsonNode api = JsonMapper.builder().build().readTree(apiDocsJson);
        assertThat(served).as("the service's own mappings").isNotEmpty();
        assertThat(documented(apiDocsJson)).as("operations in /v3/api-docs").containsAll(served);
        assertThat(api.path("info").path("title").asString()).as("title").isNotBlank().isNotEqualTo("OpenAPI definition");
        assertThat(api.path("info").path("version").asString()).as("version, from the build").isNotBlank().isNotIn("v0", "unknown");
        JsonNode schemes = api.path("components").path("securitySchemes");
        assertThat(schemes.path("apiKey").path("type").asString()).as("the API-key scheme").isEqualTo("apiKey");
        assertThat(schemes.path("apiKey").path("name").asString()).isEqualTo("X-API-Key");
        for (String operation : served) {
            String[] parts = operation.split(" ", 2);
            JsonNode described = api.path("paths").path(parts[1]).path(parts[0].toLowerCase(Locale.ROOT));
            assertThat(described.path("security").isEmpty()).as("%s needs no key", operation).isEqualTo(publicOperations.contains(operation));
            assertThat(described.path("responses").path("4XX").path("content").has("application/problem+json"))
                    .as("%s documents its problem answers", operation).isTrue();
        }
    }
}
