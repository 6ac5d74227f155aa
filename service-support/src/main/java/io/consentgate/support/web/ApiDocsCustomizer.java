package io.consentgate.support.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.List;
import org.springdoc.core.customizers.OpenApiCustomizer;

/**
 * Makes each service's OpenAPI document say what is true of it: its title and build version, the API key it
 * needs (as {@link ApiKeyFilter} takes it: {@code X-API-Key}, or a bearer token), which operations are public,
 * and that every error is an {@code application/problem+json} problem.
 */
public class ApiDocsCustomizer implements OpenApiCustomizer {

    public static final String API_KEY_SCHEME = "apiKey";
    public static final String BEARER_SCHEME = "bearer";
    static final String PROBLEM_SCHEMA = "Problem";
    private static final String PROBLEM_JSON = "application/problem+json";

    private final String title;
    private final String description;
    private final String version;
    private final PublicPaths publicPaths;

    public ApiDocsCustomizer(String title, String description, String version, PublicPaths publicPaths) {
        this.title = title;
        this.description = description;
        this.version = version;
        this.publicPaths = publicPaths;
    }

    @Override
    public void customise(OpenAPI api) {
        api.info(new Info().title(title).description(description).version(version));
        Components components = api.getComponents() == null ? new Components() : api.getComponents();
        api.components(components
                .addSecuritySchemes(API_KEY_SCHEME, new SecurityScheme().type(SecurityScheme.Type.APIKEY).in(SecurityScheme.In.HEADER)
                        .name("X-API-Key").description("the caller's API key (consentgate.security.api-keys)"))
                .addSecuritySchemes(BEARER_SCHEME, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                        .description("the same API key, as 'Authorization: Bearer <key>'"))
                .addSchemas(PROBLEM_SCHEMA, problemSchema()));
        if (api.getPaths() == null) {
            return;
        }
        api.getPaths().forEach((path, item) -> item.readOperations().forEach(operation -> describe(path, operation)));
    }

    private void describe(String path, Operation operation) {
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        operation.responses(responses);
        if (publicPaths.matches(path)) {
            operation.security(List.of()); // no key: e.g. the webhook, which proves itself with its signature
        } else {
            operation.security(List.of(new SecurityRequirement().addList(API_KEY_SCHEME), new SecurityRequirement().addList(BEARER_SCHEME)));
            responses.putIfAbsent("401", problem("no API key, or one that is not valid for this service"));
        }
        responses.putIfAbsent("4XX", problem("the request cannot be taken as sent: the detail says what to fix"));
        responses.putIfAbsent("5XX", problem("the service cannot answer now (503 comes with Retry-After)"));
    }

    private static ApiResponse problem(String description) {
        return new ApiResponse().description(description).content(new Content().addMediaType(PROBLEM_JSON,
                new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM_SCHEMA))));
    }

    private static Schema<?> problemSchema() {
        return new ObjectSchema().description("An RFC 9457 problem; it never repeats personal data from the request")
                .addProperty("type", new StringSchema().format("uri").description("the kind of problem, stable: https://consentgate.io/problems/..."))
                .addProperty("title", new StringSchema())
                .addProperty("status", new IntegerSchema())
                .addProperty("detail", new StringSchema().description("what went wrong and what to do"))
                .addProperty("errors", new ArraySchema().description("400: every wrong field, not only the first")
                        .items(new ObjectSchema().addProperty("field", new StringSchema().example("scopes[1].category"))
                                .addProperty("message", new StringSchema())));
    }
}
