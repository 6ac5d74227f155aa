package io.consentgate.support.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

class JsonRefusalTest {

    record Scope(String category, int days) {
    }

    record Request(String contact, List<Scope> scopes) {
    }

    private final JsonMapper strict = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"contact\": \"+34612345678\", \"scopes\": [{\"category\": \"ALL\", \"days\": \"Zelda +34699000111\"}]}",
            "{\"contact\": \"+34612345678\", \"Zelda +34699000111\": 1}",
            "{\"contact\": Zelda +34699000111}",
            "{\"contact\": {\"Zelda\": \"+34699000111\"}}"})
    void shouldSayWhereAndWhatIsWrongWithoutRepeatingTheValue(String body) {
        // When
        JacksonException refused = catchThrowableOfType(JacksonException.class, () -> strict.readValue(body, Request.class));

        // Then: Jackson's own message quotes it; ours never does
        assertThat(JsonRefusal.fieldOf(refused) + " " + JsonRefusal.reasonOf(refused)).doesNotContain("Zelda").doesNotContain("699000111");
    }

    @org.junit.jupiter.api.Test
    void shouldNameTheFieldByItsPath() {
        JacksonException refused = catchThrowableOfType(JacksonException.class, () -> strict.readValue(
                "{\"scopes\": [{\"category\": \"ALL\", \"days\": 1}, {\"category\": \"ALL\", \"days\": \"many\"}]}", Request.class));

        assertThat(JsonRefusal.fieldOf(refused)).isEqualTo("scopes[1].days");
        assertThat(JsonRefusal.reasonOf(refused)).isEqualTo("has a value of the wrong format or out of range");
    }
}
