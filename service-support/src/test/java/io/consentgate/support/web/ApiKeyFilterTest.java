package io.consentgate.support.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class ApiKeyFilterTest {

    private final ApiKeyFilter filter = new ApiKeyFilter(new ApiKeyProperties(
            Map.of("crm-sync", "k-7f3a9c", "compliance", "k-c0ffee"),
            List.of("/actuator/health/**", "/actuator/prometheus", "/webhooks/whatsapp")));

    @Test
    void shouldRefuseARequestWithoutAKeyWithAProblemThatSaysHowToAuthenticate() throws Exception {
        MockHttpServletResponse response = call(request("/contacts/acme/+34612345678"));

        assertThat(response.getStatus()).isEqualTo(401);
        assertThat(response.getContentType()).isEqualTo("application/problem+json");
        assertThat(response.getHeader("WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(response.getContentAsString()).contains("\"status\":401").contains("X-API-Key");
    }

    @Test
    void shouldRefuseAWrongKeyWithoutSayingWhichKeysExist() throws Exception {
        MockHttpServletRequest request = request("/contacts/acme/+34612345678");
        request.addHeader("X-API-Key", "k-guess");

        MockHttpServletResponse response = call(request);

        assertThat(response.getStatus()).isEqualTo(401);
        assertThat(response.getContentAsString()).contains("not valid").doesNotContain("crm-sync").doesNotContain("k-7f3a9c");
    }

    @Test
    void shouldLetAKnownKeyThroughAndNameTheCaller() throws Exception {
        MockHttpServletRequest byHeader = request("/contacts/acme/+34612345678");
        byHeader.addHeader("X-API-Key", "k-7f3a9c");
        MockHttpServletRequest byBearer = request("/contacts/acme/+34612345678");
        byBearer.addHeader("Authorization", "Bearer k-c0ffee");

        assertThat(call(byHeader).getStatus()).isEqualTo(200);
        assertThat(byHeader.getAttribute(ApiKeyFilter.CALLER_ATTRIBUTE)).isEqualTo("crm-sync");
        assertThat(call(byBearer).getStatus()).isEqualTo(200);
        assertThat(byBearer.getAttribute(ApiKeyFilter.CALLER_ATTRIBUTE)).isEqualTo("compliance");
    }

    @Test
    void shouldServePublicPathsWithoutAKey() throws Exception {
        assertThat(call(request("/actuator/health/readiness")).getStatus()).isEqualTo(200);
        assertThat(call(request("/webhooks/whatsapp")).getStatus()).isEqualTo(200);
        assertThat(call(request("/actuator/env")).getStatus()).isEqualTo(401);
    }

    @Test
    void shouldRefuseEverythingProtectedWhenNoKeysAreConfigured() throws Exception {
        ApiKeyFilter unconfigured = new ApiKeyFilter(new ApiKeyProperties(null, List.of("/actuator/health")));
        MockHttpServletRequest request = request("/contacts/acme/+34612345678");
        request.addHeader("X-API-Key", "anything");
        MockHttpServletResponse response = new MockHttpServletResponse();

        unconfigured.doFilter(request, response, new MockFilterChain());

        assertThat(response.getStatus()).isEqualTo(401);
    }

    private static MockHttpServletRequest request(String path) {
        return new MockHttpServletRequest("GET", path);
    }

    private MockHttpServletResponse call(MockHttpServletRequest request) throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(request, response, new MockFilterChain());
        return response;
    }
}
