package io.consentgate.events.web;

import java.util.List;

/** A request that cannot be recorded as sent; answered 400 with one entry per wrong field. */
public class InvalidRequestException extends RuntimeException {

    private final List<FieldProblem> errors;

    public InvalidRequestException(String detail, List<FieldProblem> errors) {
        super(detail);
        this.errors = List.copyOf(errors);
    }

    public List<FieldProblem> errors() {
        return errors;
    }
}
