package io.consentgate.support.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.util.unit.DataSize;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads request bodies strictly: an unknown property is refused (a misspelt {@code scope} must not silently
 * record consent without its scopes), so is trailing content, and every Jackson error becomes a 400 naming the
 * field ({@link JsonRefusal}: never the value). Bodies are read through {@link BoundedBody}, so their size is
 * limited before parsing.
 */
public class StrictJson {

    private final JsonMapper mapper;

    public StrictJson(JsonMapper jsonMapper) {
        this.mapper = jsonMapper.rebuild()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
    }

    /** The body as {@code type}: a JSON object of at most {@code limit} bytes, required. */
    public <T> T read(HttpServletRequest request, DataSize limit, Class<T> type) {
        return read(BoundedBody.read(request, limit), type);
    }

    /**
     * The body as {@code type}, or null when there is none (an optional body). A body must be JSON: any other
     * declared type, or a body without a type, is 415.
     */
    public <T> T readOptional(HttpServletRequest request, DataSize limit, Class<T> type) {
        boolean declaredJson = isJson(request.getContentType());
        if (request.getContentType() != null && !declaredJson) {
            throw unsupported();
        }
        byte[] body = BoundedBody.read(request, limit);
        if (body.length == 0) {
            return null;
        }
        if (!declaredJson) {
            throw unsupported();
        }
        return read(body, type);
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

    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return MediaType.APPLICATION_JSON.isCompatibleWith(type) && !type.isWildcardSubtype()
                    || "application".equals(type.getType()) && type.getSubtype().endsWith("+json");
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }

    private static ProblemException unsupported() {
        return new ProblemException(ProblemType.UNSUPPORTED_MEDIA_TYPE, "the body must be JSON, sent as 'Content-Type: application/json'");
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
        return new InvalidRequestException("the body is not a valid request: " + (field.equals("$") ? "" : field + " ") + reason,
                List.of(new FieldProblem(field, reason)));
    }
}
