package io.consentgate.events.web;

/** What is wrong with one field of a request, e.g. {@code scopes[1].category}: what to send instead. */
public record FieldProblem(String field, String message) {
}
