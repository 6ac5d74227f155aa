package io.consentgate.projector.web;

import io.consentgate.projector.ProjectorProperties;
import io.consentgate.support.web.NotReadyException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.streams.state.HostInfo;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * Asks another instance of the projector the caller's own question, with the caller's own
 * credentials (the other instance checks them again), and marks the request as forwarded: a
 * forwarded request is answered from local stores only, so a query never travels in circles.
 */
@Component
public class InstanceForwarder {

    /** Set on forwarded requests. Its presence means: answer from this instance's stores, do not forward again. */
    public static final String FORWARDED_HEADER = "X-Consentgate-Forwarded";
    private static final List<String> CREDENTIAL_HEADERS = List.of("X-API-Key", HttpHeaders.AUTHORIZATION);

    private final HttpClient http;
    private final Duration timeout;

    public InstanceForwarder(ProjectorProperties properties) {
        this.timeout = properties.forwardTimeout();
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    public static boolean isForwarded(HttpServletRequest request) {
        return request.getHeader(FORWARDED_HEADER) != null;
    }

    /** The other instance's answer, status, type and body as it gave them. */
    public ResponseEntity<byte[]> forward(HostInfo host, HttpServletRequest request) {
        return forward(host, request, request.getRequestURI());
    }

    /** The other instance's answer for {@code path} (e.g. the person a linked phone number belongs to), status, type and body as it gave them. */
    public ResponseEntity<byte[]> forward(HostInfo host, HttpServletRequest request, String path) {
        HttpResponse<byte[]> response = send(host, request, path, HttpResponse.BodyHandlers.ofByteArray());
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(response.statusCode());
        response.headers().firstValue(HttpHeaders.CONTENT_TYPE).ifPresent(type -> answer.header(HttpHeaders.CONTENT_TYPE, type));
        // A 503 from the other instance (its stores restoring after a hand-over) keeps its Retry-After: the caller must know when to ask again.
        response.headers().firstValue(HttpHeaders.RETRY_AFTER).ifPresent(after -> answer.header(HttpHeaders.RETRY_AFTER, after));
        return answer.body(response.body());
    }

    /** The other instance's body as a stream, for answers too large to hold (the audience). */
    public InputStream stream(HostInfo host, HttpServletRequest request) {
        HttpResponse<InputStream> response = send(host, request, request.getRequestURI(), HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != HttpStatus.OK.value()) {
            throw new NotReadyException("instance " + host.host() + ":" + host.port() + " answered "
                    + response.statusCode() + " for its part of the answer: retry in a few seconds");
        }
        return response.body();
    }

    private <T> HttpResponse<T> send(HostInfo host, HttpServletRequest request, String path, HttpResponse.BodyHandler<T> body) {
        String query = request.getQueryString() == null ? "" : "?" + request.getQueryString();
        URI uri = URI.create("http://" + host.host() + ":" + host.port() + path + query);
        HttpRequest.Builder forwarded = HttpRequest.newBuilder(uri).timeout(timeout).GET().header(FORWARDED_HEADER, "true");
        for (String name : CREDENTIAL_HEADERS) {
            String value = request.getHeader(name);
            if (value != null) {
                forwarded.header(name, value);
            }
        }
        try {
            return http.send(forwarded.build(), body);
        } catch (IOException e) {
            throw new NotReadyException("instance " + host.host() + ":" + host.port()
                    + ", which holds this contact, did not answer (" + e.getMessage() + "): retry in a few seconds", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotReadyException("interrupted while asking instance " + host.host() + ":" + host.port(), e);
        }
    }
}
