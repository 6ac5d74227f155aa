package io.consentgate.faults;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;

/**
 * Calls to the services over java.net.http as their clients make them: the non-public endpoints with the scenario's
 * API key, and a call that gets no answer (refused, reset, timed out: a service that is down) as an answer of its own
 * rather than an exception, because a scenario counts it.
 */
final class ServiceHttp {

    static final String KEY_HEADER = "X-API-Key";

    private ServiceHttp() {
    }

    /** A request to {@code url} with the scenario's API key. */
    static HttpRequest.Builder withKey(String url) {
        return HttpRequest.newBuilder(URI.create(url)).header(KEY_HEADER, FaultStack.API_KEY);
    }

    /**
     * The answer, or empty when there was none. An interrupt also gives empty (the flag set again), so that a thread
     * that watches a service ends quietly when it is stopped.
     */
    static <T> Optional<HttpResponse<T>> answer(HttpClient http, HttpRequest request, HttpResponse.BodyHandler<T> body) {
        try {
            return Optional.of(http.send(request, body));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** The answer as text, or {@link PlainResponse#none} (status 599) when there was none; an interrupt throws. */
    static HttpResponse<String> answerOrNone(HttpClient http, HttpRequest request) {
        Optional<HttpResponse<String>> answer = answer(http, request, HttpResponse.BodyHandlers.ofString());
        if (answer.isEmpty() && Thread.currentThread().isInterrupted()) {
            throw new IllegalStateException("interrupted while calling " + request.uri());
        }
        return answer.orElseGet(() -> PlainResponse.none(request));
    }
}
