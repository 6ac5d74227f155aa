package io.consentgate.faults;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The hostile calls of a scenario, each with what a correct answer is, run one after the other; every answer is
 * kept (status and body) for the checks that follow: expected status, nothing published, no personal data.
 */
final class HostileCalls {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

    /** What a call is about, for the figures: credentials, fuzzed body, size, content type, signature, replay, path. */
    enum Kind { CREDENTIALS, FUZZED_BODY, HUGE_BODY, CONTENT_TYPE, FORGED_SIGNATURE, REPLAY, PARAMETERS }

    /**
     * A call and the answers that are right for it. {@code rawBody}, when set, is sent over a plain socket instead (see
     * {@link #sendRaw}); the request then gives only the method, the URI and the headers.
     */
    record Call(Kind kind, String service, String description, HttpRequest request, byte[] rawBody, Predicate<HttpResponse<String>> expected) {
    }

    /** A call, its answer, and how long the answer took. */
    record Answered(Call call, HttpResponse<String> response, long millis) {
        int status() {
            return response.statusCode();
        }

        boolean asExpected() {
            return call.expected().test(response);
        }

        @Override
        public String toString() {
            return call.service() + " " + call.kind() + " " + call.description() + " → " + status();
        }
    }

    private static final int RAW_CHUNK = 64 * 1024;
    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.1 (\\d{3})");
    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?m)^content-length:\\s*(\\d+)");

    private final List<Call> calls = new ArrayList<>();

    void add(Kind kind, String service, String description, HttpRequest.Builder request, Predicate<HttpResponse<String>> expected) {
        calls.add(new Call(kind, service, description, request.timeout(CALL_TIMEOUT).build(), null, expected));
    }

    /** A call whose (large) body is sent by {@link #sendRaw}. */
    void addRaw(Kind kind, String service, String description, HttpRequest.Builder request, byte[] body, Predicate<HttpResponse<String>> expected) {
        calls.add(new Call(kind, service, description, request.timeout(CALL_TIMEOUT).GET().build(), body, expected));
    }

    List<Answered> run() {
        List<Answered> answers = new ArrayList<>();
        for (Call call : calls) {
            long started = System.nanoTime();
            HttpResponse<String> response = call.rawBody() == null ? send(call.request()) : sendRaw(call.request(), call.rawBody());
            answers.add(new Answered(call, response, (System.nanoTime() - started) / 1_000_000));
        }
        return answers;
    }

    int size() {
        return calls.size();
    }

    /** How many calls of each kind. */
    Map<Kind, Integer> countByKind() {
        Map<Kind, Integer> counts = new LinkedHashMap<>();
        calls.forEach(call -> counts.merge(call.kind(), 1, Integer::sum));
        return counts;
    }

    static HttpResponse<String> send(HttpRequest request) {
        return ServiceHttp.answerOrNone(HTTP, request);
    }

    /**
     * Sends a POST with a large body over a plain socket and reads the answer even when it comes before the body is
     * all sent: a service that refuses a 20 MB body by its Content-Length answers at once and closes the connection
     * without reading the rest, and java.net.http, still writing, reports a reset instead of the answer. Between
     * chunks this looks for an answer and stops writing when there is one.
     */
    static HttpResponse<String> sendRaw(HttpRequest request, byte[] body) {
        URI uri = request.uri();
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout((int) CALL_TIMEOUT.toMillis());
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            StringBuilder head = new StringBuilder("POST ").append(uri.getRawPath())
                    .append(uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()).append(" HTTP/1.1\r\n")
                    .append("Host: ").append(uri.getHost()).append(':').append(uri.getPort()).append("\r\n");
            request.headers().map().forEach((name, values) -> values.forEach(value -> head.append(name).append(": ").append(value).append("\r\n")));
            head.append("Content-Length: ").append(body.length).append("\r\nConnection: close\r\n\r\n");
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            try {
                for (int sent = 0; sent < body.length && in.available() == 0; sent += RAW_CHUNK) {
                    out.write(body, sent, Math.min(RAW_CHUNK, body.length - sent));
                }
                out.flush();
            } catch (IOException closedWhileSending) {
                // the service answered and closed the connection: read what it said
            }
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            try {
                readAnswer(in, answer);
            } catch (IOException reset) {
                // a reset after the answer: keep what arrived
            }
            String text = answer.toString(StandardCharsets.UTF_8);
            Matcher status = STATUS_LINE.matcher(text);
            if (!status.lookingAt()) {
                return PlainResponse.none(request);
            }
            int bodyStart = text.indexOf("\r\n\r\n");
            return new PlainResponse(request, Integer.parseInt(status.group(1)), bodyStart < 0 ? "" : text.substring(bodyStart + 4));
        } catch (IOException e) {
            return PlainResponse.none(request);
        }
    }

    /**
     * Reads one answer, to its end rather than to the connection's: a service that refused the body before it was all
     * sent may keep the connection open, waiting for the rest of the body to discard it, and reading to the end of the
     * stream then waited out the socket timeout (one call of 60 s in CI, answered 413 at once).
     */
    private static void readAnswer(InputStream in, ByteArrayOutputStream answer) throws IOException {
        byte[] buffer = new byte[8192];
        for (int read; (read = in.read(buffer)) >= 0; ) {
            answer.write(buffer, 0, read);
            if (complete(answer.toString(StandardCharsets.ISO_8859_1))) {
                return;
            }
        }
    }

    private static boolean complete(String answer) {
        int headEnd = answer.indexOf("\r\n\r\n");
        if (headEnd < 0) {
            return false;
        }
        String head = answer.substring(0, headEnd).toLowerCase(Locale.ROOT);
        int bodyLength = answer.length() - headEnd - 4;
        Matcher length = CONTENT_LENGTH.matcher(head);
        if (length.find()) {
            return bodyLength >= Integer.parseInt(length.group(1));
        }
        return head.contains("transfer-encoding: chunked") && answer.endsWith("\r\n0\r\n\r\n");
    }

    static HttpRequest.Builder request(String url) {
        return HttpRequest.newBuilder(URI.create(url));
    }

    static Predicate<HttpResponse<String>> status(int... accepted) {
        return response -> {
            for (int status : accepted) {
                if (response.statusCode() == status) {
                    return true;
                }
            }
            return false;
        };
    }

    /** A refusal of the request itself: 4xx, but not a credentials answer (the key was valid). */
    static Predicate<HttpResponse<String>> refusedAsInvalid() {
        return response -> response.statusCode() >= 400 && response.statusCode() < 500
                && response.statusCode() != 401 && response.statusCode() != 403;
    }

    /** Any 4xx. */
    static Predicate<HttpResponse<String>> clientError() {
        return response -> response.statusCode() >= 400 && response.statusCode() < 500;
    }
}
