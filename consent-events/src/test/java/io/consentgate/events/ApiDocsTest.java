package io.consentgate.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.consentgate.testing.OpenApiCoverage;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/** The served OpenAPI document describes every endpoint of capture, import and webhook, and how to authenticate. */
@AutoConfigureMockMvc
class ApiDocsTest extends ApiTestSupport {

    @Autowired
    MockMvc mvc;
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Test
    void shouldDescribeEveryEndpointWithItsSecurityAndProblems() throws Exception {
        // Public, like health: no key needed to read how to call the API.
        String document = mvc.perform(get("/v3/api-docs")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);

        Set<String> served = OpenApiCoverage.served(mappings, "io.consentgate.events");
        assertThat(served).contains("POST /v1/businesses/{businessId}/opt-ins", "POST /v1/businesses/{businessId}/consent-imports",
                "GET /webhooks/whatsapp", "POST /webhooks/whatsapp");
        // The webhook proves itself with its signature: no key.
        OpenApiCoverage.assertCovers(document, served, Set.of("GET /webhooks/whatsapp", "POST /webhooks/whatsapp"));
        assertThat(document).contains("Consent Gate capture API");
    }
}
