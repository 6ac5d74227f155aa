package io.consentgate.support.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.json.JsonMapper;

/** Bodies are read bounded and strictly, and refusals name the field without repeating the value. */
class StrictJsonTest {

    record Erasure(String requestId, String requestedBy) {
    }

    private static final DataSize LIMIT = DataSize.ofKilobytes(1);
    private final StrictJson json = new StrictJson(JsonMapper.builder().build());

    @Test
    void shouldRefuseAnUnknownPropertyNamingItButNotItsValue() {
        assertThatThrownBy(() -> json.read(request("application/json", "{\"requestId\":\"a\",\"zzUnknown\":\"+34612987654\"}"), LIMIT, Erasure.class))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.errors()).extracting(FieldProblem::field).containsExactly("zzUnknown");
                    assertThat(e.status().value()).isEqualTo(400);
                    assertThat(e.getMessage() + e.errors()).doesNotContain("612987654");
                });
    }

    @Test
    void shouldTakeAnOptionalBodyOnlyAsJson() {
        assertThat(json.readOptional(request(null, ""), LIMIT, Erasure.class)).isNull();
        assertThat(json.readOptional(request("application/json", ""), LIMIT, Erasure.class)).isNull();
        assertThat(json.readOptional(request("application/json; charset=utf-8", "{\"requestId\":\"a\"}"), LIMIT, Erasure.class).requestId()).isEqualTo("a");
        for (String type : new String[] {"text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "*/*"}) {
            assertThatThrownBy(() -> json.readOptional(request(type, "{\"requestId\":\"a\"}"), LIMIT, Erasure.class)).as(type)
                    .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.status().value()).isEqualTo(415));
        }
        assertThatThrownBy(() -> json.readOptional(request(null, "{\"requestId\":\"a\"}"), LIMIT, Erasure.class))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.type()).isEqualTo(ProblemType.UNSUPPORTED_MEDIA_TYPE));
    }

    @Test
    void shouldRefuseABodyOverTheLimitWith413() {
        assertThatThrownBy(() -> json.read(request("application/json", "{\"requestId\":\"" + "a".repeat(2048) + "\"}"), LIMIT, Erasure.class))
                .isInstanceOfSatisfying(BodyTooLargeException.class, e -> assertThat(e.status().value()).isEqualTo(413));
    }

    @Test
    void shouldRefuseNullAndEmptyWhereABodyIsRequired() {
        for (String body : new String[] {"", "null", " "}) {
            assertThatThrownBy(() -> json.read(request("application/json", body), LIMIT, Erasure.class)).as("'%s'", body)
                    .isInstanceOf(InvalidRequestException.class);
        }
    }

    private static MockHttpServletRequest request(String contentType, String body) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/x");
        if (contentType != null) {
            request.setContentType(contentType);
        }
        request.setContent(body.getBytes(StandardCharsets.UTF_8));
        return request;
    }
}
