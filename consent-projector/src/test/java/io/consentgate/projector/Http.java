package io.consentgate.projector;

import io.consentgate.testing.HttpAwait;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A small HTTP client for the tests: one instance of the projector, one API key. */
public record Http(int port, String apiKey) {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public Http withoutKey() {
        return new Http(port, null);
    }

    public Http withKey(String key) {
        return new Http(port, key);
    }

    public HttpResponse<String> get(String path) {
        return send(request(path).GET());
    }

    /**
     * A lookup read once the stores can answer it: repeats the GET while the projector answers 503 (starting,
     * rebalancing, restoring) and returns the first other answer. The path goes nowhere but the request: it may hold a contact.
     */
    public HttpResponse<String> answer(String path) {
        return HttpAwait.answer("a projector lookup", () -> get(path));
    }

    public HttpResponse<String> post(String path, String json) {
        return send(request(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** A path segment as a client would write it: {@code +34 612 34 56 78} → {@code %2B34%20612%2034%2056%2078}. */
    public static String segment(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).timeout(Duration.ofSeconds(20));
        return apiKey == null ? request : request.header("X-API-Key", apiKey);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
