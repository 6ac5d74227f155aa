package io.consentgate.events.capture;

import io.consentgate.events.web.FieldProblem;
import io.consentgate.events.web.InvalidRequestException;
import java.util.List;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.exc.ValueInstantiationException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads capture requests strictly: an unknown property is refused (a misspelt {@code scope} must not
 * silently record consent without its scopes), and every Jackson error becomes a 400 naming the field.
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
        String field = fieldOf(e);
        String reason = reasonOf(e);
        return new InvalidRequestException("the body is not a valid request: " + (field.equals("$") ? "" : field + ": ") + reason,
                List.of(new FieldProblem(field, reason)));
    }

    /**
     * Why Jackson refused the body, in words of our own: Jackson's messages quote the offending value or token
     * ({@code from String "Zelda …"}, {@code Unrecognized token 'Zelda'}), and a value may be a phone number or a
     * name, which an error answer must not repeat (SPEC.md §9; the hostile-HTTP fault scenario found it).
     */
    public static String reasonOf(JacksonException e) {
        if (e instanceof UnrecognizedPropertyException) {
            return "is not a property of this request (misspelt?)";
        }
        if (e instanceof InvalidFormatException || e instanceof InputCoercionException) {
            return "has a value of the wrong format or out of range";
        }
        if (e instanceof ValueInstantiationException) {
            return "has a value that cannot be used here";
        }
        if (e instanceof MismatchedInputException) {
            return "has the wrong type (e.g. a string where an object is expected, or an array where a string is)";
        }
        if (e instanceof StreamConstraintsException) {
            return "is nested too deeply or is too long";
        }
        if (e instanceof StreamReadException) {
            TokenStreamLocation where = e.getLocation();
            return "is not valid JSON" + (where == null || where.getLineNr() < 0 ? "" : " (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")");
        }
        return "cannot be read";
    }

    /** {@code scopes[1].category} from Jackson's path; {@code $} when the error is not inside a field. */
    static String fieldOf(JacksonException e) {
        StringBuilder field = new StringBuilder();
        for (JacksonException.Reference reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                if (!field.isEmpty()) {
                    field.append('.');
                }
                field.append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                field.append('[').append(reference.getIndex()).append(']');
            }
        }
        return field.isEmpty() ? "$" : field.toString();
    }
}
