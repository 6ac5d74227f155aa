package io.consentgate.support.web;

/** What is wrong with one field of a request, e.g. {@code scopes[1].category}: what to send instead, never the value sent. */
public record FieldProblem(String field, String message) {
}
