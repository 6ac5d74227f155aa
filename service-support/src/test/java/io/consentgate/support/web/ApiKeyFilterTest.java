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
    void shouldRefuseAPathThatOnlyLooksPublicBeforeTheContainerNormalisesIt() throws Exception {
        // Found by the hostile-HTTP fault scenario: such paths passed as public (the raw path matched /actuator/health/**)
        // and reached Spring's resource handler, which logged them, phone number included.
        for (String disguised : List.of("/actuator/health/..;/../contacts/acme/+34612345678", "/actuator/health/%2e%2e/%2E%2E/contacts/acme/x",
                "/actuator/health/../../contacts/acme/x", "/webhooks/whatsapp/..%2f..%2fcontacts", "//contacts/acme/x",
                "/contacts;a=b/acme/x", "/actuator/health/%252e%252e/contacts", "/actuator/health/..%5ccontacts")) {
            MockHttpServletResponse response = call(request(disguised));

            assertThat(response.getStatus()).as(disguised).isEqualTo(400);
            assertThat(response.getContentAsString()).as(disguised).contains("normal form").doesNotContain("34612345678");
        }
        assertThat(ApiKeyFilter.isNormalPath("/v1/businesses/acme/contacts/%2B34%20612%2034%2056%2078/history")).isTrue();
        assertThat(ApiKeyFilter.isNormalPath("/v1/businesses/acme/contacts/ES.1410018717833190/")).isTrue();
        assertThat(call(request("/actuator/health/readiness")).getStatus()).isEqualTo(200);
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
