package io.consentgate.support.web;

import java.util.List;
import java.util.Map;

/** A request that cannot be taken as sent: 400 with one entry in {@code errors} per wrong field, all of them at once. */
public class InvalidRequestException extends ProblemException {

    private final List<FieldProblem> errors;

    public InvalidRequestException(String detail, List<FieldProblem> errors) {
        super(ProblemType.INVALID_REQUEST, detail);
        this.errors = List.copyOf(errors);
    }

    /** One wrong field; the detail is the field and what is wrong with it. */
    public static InvalidRequestException of(String field, String message) {
        return new InvalidRequestException(field + " " + message, List.of(new FieldProblem(field, message)));
    }

    public List<FieldProblem> errors() {
        return errors;
    }

    @Override
    public Map<String, Object> properties() {
        return Map.of("errors", errors);
    }
}
