package io.consentgate.schemas.serde;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A scripted stand-in for a schema registry on 127.0.0.1: it answers queued responses in order (404 once they
 * run out) and records every request. Served under Apicurio's {@code /apis/ccompat/v7} to prove that base URLs
 * with a path work.
 */
final class FakeRegistry implements AutoCloseable {

    static final String BASE_PATH = "/apis/ccompat/v7";

    record Request(String method, String path, String authorization, String contentType, String body) {
    }

    private final HttpServer server;
    private record Response(int status, String body) {
    }

    private static final Response NOT_SCRIPTED = new Response(404, "{\"error_code\":40401,\"message\":\"Subject not found\"}");

    private final Queue<Response> responses = new ConcurrentLinkedQueue<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    private FakeRegistry() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(BASE_PATH, this::handle);
        server.start();
    }

    static FakeRegistry start() {
        try {
            return new FakeRegistry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Queues the answer to the next request. */
    FakeRegistry answer(int status, String body) {
        responses.add(new Response(status, body));
        return this;
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + BASE_PATH);
    }

    List<Request> requests() {
        return requests;
    }

    /** A URL nothing listens on: the port was free a moment ago. */
    static URI unreachableUrl() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            Response response = Objects.requireNonNullElse(responses.poll(), NOT_SCRIPTED);
            byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/vnd.schemaregistry.v1+json");
            exchange.sendResponseHeaders(response.status(), bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }
}
