package io.consentgate.gate.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.consentgate.avro.MessageKind;
import io.consentgate.support.web.BodyTooLargeException;
import io.consentgate.support.web.FieldProblem;
import io.consentgate.support.web.InvalidRequestException;
import io.consentgate.support.web.StrictJson;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import tools.jackson.databind.json.JsonMapper;

/** The explain endpoint's body, as the hostile-HTTP fault scenario sends it: before, {} and 20 MB bodies were 500s. */
class ExplainRequestTest {

    private static final String VALID = """
            {"requestId":"explain-1","businessId":"acme","senderId":"1065","contact":"+34612345678","kind":"TEMPLATE",
             "template":{"name":"order_update","language":"es","category":"UTILITY"}}""";

    private final StrictJson json = new StrictJson(JsonMapper.builder().build());

    @Test
    void shouldReadAValidRequest() {
        var request = read(VALID);

        assertThat(request.kind()).isEqualTo(MessageKind.TEMPLATE);
        assertThat(request.toAvro(Instant.EPOCH).getContact()).isEqualTo("+34612345678");
        assertThat(request.toAvro(Instant.EPOCH).getRequestedAt()).isEqualTo(Instant.EPOCH);
    }

    @Test
    void shouldNameEveryMissingFieldNotOnlyTheFirst() {
        assertThatThrownBy(() -> read("{\"template\":{}}")).isInstanceOfSatisfying(InvalidRequestException.class, refused ->
                assertThat(refused.errors()).extracting(FieldProblem::field).containsExactly("requestId", "businessId", "senderId", "contact",
                        "kind", "template.name", "template.language", "template.category"));
        for (String empty : List.of("", "null", "  ")) {
            assertThatThrownBy(() -> read(empty)).as("'%s'", empty).isInstanceOf(InvalidRequestException.class);
        }
    }

    @Test
    void shouldRefuseATooLargeBodyWithoutReadingItAll() {
        byte[] huge = new byte[20 * 1024 * 1024];
        Arrays.fill(huge, (byte) 'a');
        MockHttpServletRequest undeclared = new MockHttpServletRequest("POST", "/v1/decisions/explain");
        undeclared.setContent(huge);
        undeclared.setContentType("application/json");
        MockHttpServletRequest declared = new MockHttpServletRequest("POST", "/v1/decisions/explain") {
            @Override
            public long getContentLengthLong() {
                return huge.length;
            }
        };

        assertThatThrownBy(() -> json.read(undeclared, ExplainController.MAX_BODY, ExplainController.ExplainRequest.class))
                .isInstanceOf(BodyTooLargeException.class);
        assertThatThrownBy(() -> json.read(declared, ExplainController.MAX_BODY, ExplainController.ExplainRequest.class))
                .isInstanceOf(BodyTooLargeException.class);
    }

    @Test
    void shouldNotRepeatTheCallersValuesWhenRefusing() {
        for (String body : List.of(VALID.replace("\"TEMPLATE\"", "\"Zelda Markerova +34612987654\""),
                "\"Zelda Markerova +34612987654\"", VALID.replace("\"explain-1\"", "Zelda"),
                VALID.replace("\"acme\"", "{\"n\":[\"Zelda Markerova\"]}"), VALID.replace("}}", "},\"zz\":\"Zelda\"}"))) {
            assertThatThrownBy(() -> read(body)).as(body).isInstanceOfSatisfying(InvalidRequestException.class, refused -> {
                assertThat(refused.getMessage()).doesNotContain("Zelda").doesNotContain("612987654");
                assertThat(refused.errors().toString()).doesNotContain("Zelda").doesNotContain("612987654");
            });
        }
    }

    @Test
    void shouldNameAnUnknownProperty() {
        assertThatThrownBy(() -> read(VALID.replace("}}", "},\"zz\":\"x\"}"))).isInstanceOfSatisfying(InvalidRequestException.class,
                refused -> assertThat(refused.errors()).extracting(FieldProblem::field).containsExactly("zz"));
    }

    private ExplainController.ExplainRequest read(String body) {
        return json.read(body.getBytes(StandardCharsets.UTF_8), ExplainController.ExplainRequest.class).requireComplete();
    }
}
