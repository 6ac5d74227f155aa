package io.consentgate.projector.web;

/**
 * The body of an erasure request; optional.
 *
 * @param requestId   the data-subject request's id; a retry with the same id erases once. Generated when absent.
 * @param requestedBy who filed it (compliance user or system); the API caller's name when absent
 */
public record ErasureRequest(String requestId, String requestedBy) {
}
