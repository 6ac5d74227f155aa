package io.consentgate.gate.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.consentgate.avro.MessageKind;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The explain endpoint's body, as the hostile-HTTP fault scenario sends it: before, {} and 20 MB bodies were 500s. */
class ExplainRequestReaderTest {

    private static final String VALID = """
            {"requestId":"explain-1","businessId":"acme","senderId":"1065","contact":"+34612345678","kind":"TEMPLATE",
             "template":{"name":"order_update","language":"es","category":"UTILITY"}}""";

    private final ExplainRequestReader reader = new ExplainRequestReader(JsonMapper.builder().build());

    @Test
    void shouldReadAValidRequest() throws Exception {
        var request = read(VALID);

        assertThat(request.kind()).isEqualTo(MessageKind.TEMPLATE);
        assertThat(request.toAvro().getContact()).isEqualTo("+34612345678");
    }

    @Test
    void shouldRefuseABodyWithoutItsRequiredFieldsWith400InsteadOfFailing() {
        assertThatThrownBy(() -> read("{}")).isInstanceOfSatisfying(ExplainRequestReader.Refused.class, refused -> {
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.getMessage()).contains("requestId", "businessId", "senderId", "contact", "kind");
        });
        for (String empty : List.of("", "null", "  ")) {
            assertThatThrownBy(() -> read(empty)).as("'%s'", empty).isInstanceOfSatisfying(ExplainRequestReader.Refused.class,
                    refused -> assertThat(refused.status()).isEqualTo(400));
        }
    }

    @Test
    void shouldRefuseATooLargeBodyWith413WithoutReadingItAll() {
        byte[] huge = new byte[20 * 1024 * 1024];
        Arrays.fill(huge, (byte) 'a');

        assertThatThrownBy(() -> reader.read(new ByteArrayInputStream(huge), -1)).isInstanceOfSatisfying(ExplainRequestReader.Refused.class,
                refused -> assertThat(refused.status()).isEqualTo(413));
        assertThatThrownBy(() -> reader.read(new ByteArrayInputStream(new byte[0]), huge.length)).isInstanceOfSatisfying(ExplainRequestReader.Refused.class,
                refused -> assertThat(refused.status()).isEqualTo(413));
    }

    @Test
    void shouldNotRepeatTheCallersValuesWhenRefusing() {
        for (String body : List.of(VALID.replace("\"TEMPLATE\"", "\"Zelda Markerova +34612987654\""),
                "\"Zelda Markerova +34612987654\"", VALID.replace("\"explain-1\"", "Zelda"),
                VALID.replace("\"acme\"", "{\"n\":[\"Zelda Markerova\"]}"), VALID.replace("}}", "},\"zz\":\"Zelda\"}"))) {
            assertThatThrownBy(() -> read(body)).as(body).isInstanceOfSatisfying(ExplainRequestReader.Refused.class, refused -> {
                assertThat(refused.status()).isEqualTo(400);
                assertThat(refused.getMessage()).doesNotContain("Zelda").doesNotContain("612987654");
            });
        }
    }

    private ExplainController.ExplainRequest read(String body) throws ExplainRequestReader.Refused {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return reader.read(new ByteArrayInputStream(bytes), bytes.length);
    }
}
