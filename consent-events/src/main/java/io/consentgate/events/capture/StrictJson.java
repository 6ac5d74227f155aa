package io.consentgate.events.capture;

import io.consentgate.events.web.FieldProblem;
import io.consentgate.events.web.InvalidRequestException;
import io.consentgate.support.web.JsonRefusal;
import java.util.List;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads capture requests strictly: an unknown property is refused (a misspelt {@code scope} must not
 * silently record consent without its scopes), and every Jackson error becomes a 400 naming the field
 * ({@link JsonRefusal}: never the value).
 */
@Component
public class StrictJson {

    private final JsonMapper mapper;

    public StrictJson(JsonMapper jsonMapper) {
        this.mapper = jsonMapper.rebuild()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
    }

    public <T> T read(byte[] body, Class<T> type) {
        try {
            return requireObject(mapper.readValue(body, type));
        } catch (JacksonException e) {
            throw invalid(e);
        }
    }

    public JsonNode readTree(String json) {
        try {
            return mapper.readTree(json);
        } catch (JacksonException e) {
            throw invalid(e);
        }
    }

    public <T> T convert(JsonNode node, Class<T> type) {
        try {
            return requireObject(mapper.treeToValue(node, type));
        } catch (JacksonException e) {
            throw invalid(e);
        }
    }

    private static <T> T requireObject(T value) {
        if (value == null) {
            throw new InvalidRequestException("the body is empty or null: send a JSON object",
                    List.of(new FieldProblem("$", "expected a JSON object")));
        }
        return value;
    }

    private static InvalidRequestException invalid(JacksonException e) {
        String field = JsonRefusal.fieldOf(e);
        String reason = JsonRefusal.reasonOf(e);
        return new InvalidRequestException("the body is not a valid request: " + (field.equals("$") ? "" : field + ": ") + reason,
                List.of(new FieldProblem(field, reason)));
    }
}
