package io.consentgate.support.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The document says what the API key filter enforces: which operations need a key, and how to send it. */
class ApiDocsCustomizerTest {

    @Test
    void shouldDescribeTheKeyTheVersionAndTheProblemsOfEveryOperation() {
        OpenAPI api = new OpenAPI().paths(new Paths()
                .addPathItem("/v1/things", new PathItem().post(new Operation().responses(new ApiResponses())))
                .addPathItem("/webhooks/whatsapp", new PathItem().post(new Operation())));

        new ApiDocsCustomizer("Things API", "what it is for", "1.2.3", new PublicPaths(List.of("/webhooks/whatsapp"))).customise(api);

        assertThat(api.getInfo().getTitle()).isEqualTo("Things API");
        assertThat(api.getInfo().getVersion()).isEqualTo("1.2.3");
        assertThat(api.getComponents().getSecuritySchemes().get(ApiDocsCustomizer.API_KEY_SCHEME).getName()).isEqualTo("X-API-Key");
        assertThat(api.getComponents().getSecuritySchemes().get(ApiDocsCustomizer.BEARER_SCHEME).getScheme()).isEqualTo("bearer");
        Operation protectedOne = api.getPaths().get("/v1/things").getPost();
        Operation publicOne = api.getPaths().get("/webhooks/whatsapp").getPost();
        assertThat(protectedOne.getSecurity()).hasSize(2);
        assertThat(protectedOne.getResponses()).containsKeys("401", "4XX", "5XX");
        assertThat(protectedOne.getResponses().get("4XX").getContent()).containsKey("application/problem+json");
        assertThat(publicOne.getSecurity()).isEmpty();
        assertThat(publicOne.getResponses()).containsKeys("4XX", "5XX").doesNotContainKey("401");
    }

    @Test
    void shouldKeepHealthMetricsAndTheDocumentItselfPublicWhateverIsConfigured() {
        PublicPaths paths = new PublicPaths(List.of());

        assertThat(paths.matches("/v3/api-docs")).isTrue();
        assertThat(paths.matches("/v3/api-docs/swagger-config")).isTrue();
        assertThat(paths.matches("/actuator/health/readiness")).isTrue();
        assertThat(paths.matches("/v1/decisions/explain")).isFalse();
    }
}
