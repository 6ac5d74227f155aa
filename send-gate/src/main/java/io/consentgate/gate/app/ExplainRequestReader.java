package io.consentgate.gate.app;

import io.consentgate.gate.app.ExplainController.ExplainRequest;
import io.consentgate.support.web.JsonRefusal;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the explain endpoint's body: at most {@link #MAX_BYTES} (a SendRequest without payload is well under 1 KB),
 * strictly (an unknown property is refused), with every required field present. Its refusals say what is wrong in
 * words of its own: Jackson's messages quote the offending value, which may be a phone number or a name, and neither
 * belongs in an answer or in the log (found by the hostile-HTTP fault scenario, with the 500s a body without fields
 * and a 20 MB body got).
 */
final class ExplainRequestReader {

    static final int MAX_BYTES = 64 * 1024;

    private final JsonMapper json;

    ExplainRequestReader(JsonMapper json) {
        this.json = json.rebuild()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
    }

    /** A refused body: the HTTP status (400 or 413) and what to fix. */
    static final class Refused extends Exception {
        private final int status;

        Refused(int status, String detail) {
            super(detail, null, false, false);
            this.status = status;
        }

        int status() {
            return status;
        }
    }

    ExplainRequest read(InputStream body, long declaredLength) throws Refused {
        if (declaredLength > MAX_BYTES) {
            throw tooLarge();
        }
        byte[] bytes;
        try {
            bytes = body.readNBytes(MAX_BYTES + 1);
        } catch (IOException e) {
            throw new Refused(400, "the body could not be read");
        }
        if (bytes.length > MAX_BYTES) {
            throw tooLarge();
        }
        ExplainRequest request;
        try {
            request = json.readValue(bytes, ExplainRequest.class);
        } catch (JacksonException e) {
            String field = JsonRefusal.fieldOf(e);
            throw new Refused(400, "the body is not a SendRequest: " + (field.equals("$") ? "" : field + " ") + JsonRefusal.reasonOf(e));
        }
        if (request == null) {
            throw new Refused(400, "the body is empty or null: send a SendRequest as a JSON object");
        }
        List<String> missing = new ArrayList<>();
        require(missing, "requestId", request.requestId());
        require(missing, "businessId", request.businessId());
        require(missing, "senderId", request.senderId());
        require(missing, "contact", request.contact());
        require(missing, "kind", request.kind());
        if (request.template() != null) {
            require(missing, "template.name", request.template().name());
            require(missing, "template.language", request.template().language());
            require(missing, "template.category", request.template().category());
        }
        if (!missing.isEmpty()) {
            throw new Refused(400, "required fields are missing: " + String.join(", ", missing));
        }
        return request;
    }

    private static Refused tooLarge() {
        return new Refused(413, "the body is larger than " + MAX_BYTES / 1024 + " KB: a SendRequest without its payload is far smaller");
    }

    private static void require(List<String> missing, String field, Object value) {
        if (value == null || value instanceof String text && text.isBlank()) {
            missing.add(field);
        }
    }
}
