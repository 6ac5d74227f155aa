package io.consentgate.faults;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLSession;

/** An answer read without java.net.http (a raw socket), or none at all ({@link #NO_ANSWER}: refused, reset, timed out). */
record PlainResponse(HttpRequest request, int statusCode, String body) implements HttpResponse<String> {

    static final int NO_ANSWER = 599;

    static PlainResponse none(HttpRequest request) {
        return new PlainResponse(request, NO_ANSWER, "");
    }

    @Override
    public Optional<HttpResponse<String>> previousResponse() {
        return Optional.empty();
    }

    @Override
    public HttpHeaders headers() {
        return HttpHeaders.of(Map.of(), (name, value) -> true);
    }

    @Override
    public Optional<SSLSession> sslSession() {
        return Optional.empty();
    }

    @Override
    public URI uri() {
        return request.uri();
    }

    @Override
    public HttpClient.Version version() {
        return HttpClient.Version.HTTP_1_1;
    }
}
