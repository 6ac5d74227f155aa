package io.consentgate.faults;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A steady load of capture calls from a few client threads, as upstream systems send them: each thread takes a new
 * contact, records its opt-in and, for some, an opt-out afterwards. A contact whose call was not answered 2xx is left
 * alone afterwards (its outcome is unknown to the caller), so the acknowledged events of a contact are all of its
 * events except, at most, its last one. Every call is logged: what was sent, when, and what came back.
 */
final class IntakeCaptureLoad implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double OPT_OUT_SHARE = 0.3;

    /** One capture call. {@code status} -1: no answer (connection refused, timeout); {@code eventId} only for a 2xx. */
    record Call(String contact, boolean optIn, long startedAtMillis, long answeredAtMillis, int status, boolean retryAfter,
                String eventId) {

        boolean acknowledged() {
            return status >= 200 && status < 300;
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String baseUrl;
    private final Queue<Call> calls = new ConcurrentLinkedQueue<>();
    private final AtomicLong contactSequence = new AtomicLong();
    private final List<Thread> threads = new ArrayList<>();
    private final long pauseNanos;
    private volatile boolean running = true;
    private volatile String lastAcknowledgedContact;

    /**
     * @param callsPerSecondPerThread each thread's pace while the intake answers at once; a call that waits (Kafka
     *                                down) simply slows its thread down
     */
    IntakeCaptureLoad(String baseUrl, int threadCount, int callsPerSecondPerThread) {
        this.baseUrl = baseUrl;
        this.pauseNanos = TimeUnit.SECONDS.toNanos(1) / callsPerSecondPerThread;
        for (int i = 0; i < threadCount; i++) {
            long seed = 7919L * (i + 1);
            threads.add(Thread.ofPlatform().name("intake-client-" + i).daemon().start(() -> run(new Random(seed))));
        }
    }

    private void run(Random random) {
        while (running) {
            String contact = nextContact();
            Call optIn = call(contact, true);
            pace(optIn);
            if (running && optIn.acknowledged() && random.nextDouble() < OPT_OUT_SHARE) {
                pace(call(contact, false));
            }
        }
    }

    /** Spanish mobile numbers (+34 6xx xxx xxx), one per contact, never reused. */
    private String nextContact() {
        return String.format("+346%08d", 10_000_000 + contactSequence.incrementAndGet());
    }

    private Call call(String contact, boolean optIn) {
        long started = System.currentTimeMillis();
        String path = optIn ? "opt-ins" : "opt-outs";
        HttpRequest request = ServiceHttp.withKey(baseUrl + "/v1/businesses/" + FaultStack.BUSINESS + "/" + path)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(optIn ? optInBody(contact) : optOutBody(contact)))
                .build();
        Call call = ServiceHttp.answer(http, request, HttpResponse.BodyHandlers.ofString())
                .map(response -> answered(contact, optIn, started, response))
                .orElseGet(() -> unanswered(contact, optIn, started));
        calls.add(call);
        if (call.acknowledged()) {
            lastAcknowledgedContact = contact;
        }
        return call;
    }

    /** An answer whose 2xx body is not the intake's JSON counts as no answer: the event id is unknown. */
    private static Call answered(String contact, boolean optIn, long started, HttpResponse<String> response) {
        int status = response.statusCode();
        try {
            String eventId = status >= 200 && status < 300 ? JSON.readTree(response.body()).path("eventId").asText(null) : null;
            return new Call(contact, optIn, started, System.currentTimeMillis(), status,
                    response.headers().firstValue("Retry-After").isPresent(), eventId);
        } catch (IOException e) {
            return unanswered(contact, optIn, started);
        }
    }

    private static Call unanswered(String contact, boolean optIn, long started) {
        return new Call(contact, optIn, started, System.currentTimeMillis(), -1, false, null);
    }

    private void pace(Call call) {
        long tookNanos = TimeUnit.MILLISECONDS.toNanos(call.answeredAtMillis() - call.startedAtMillis());
        if (tookNanos < pauseNanos) {
            LockSupport.parkNanos(pauseNanos - tookNanos);
        }
    }

    private static String optInBody(String contact) {
        return json(Map.of(
                "contact", contact,
                "businessName", "Faults Retail",
                "scopes", List.of(Map.of("category", "ALL")),
                "channel", "WEB_FORM",
                "occurredAt", Instant.now().minusMillis(500).toString(),
                "noticeVersion", "faults-v1",
                "noticeText", "Acepto recibir mensajes de WhatsApp de Faults Retail.",
                "language", "es-ES",
                "evidenceRef", "form/" + contact));
    }

    private static String optOutBody(String contact) {
        // Later than the opt-in's occurredAt (now - 500 ms when it was sent): the opt-out wins.
        return json(Map.of("contact", contact, "channel", "WEB_FORM", "occurredAt", Instant.now().minusMillis(100).toString()));
    }

    private static String json(Map<String, Object> body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first opt-in (by answer time) that was sent at or after {@code sinceMillis} and acknowledged, or null. */
    Call firstAcknowledgedOptInStartedAfter(long sinceMillis) {
        return calls.stream().filter(c -> c.optIn() && c.acknowledged() && c.startedAtMillis() >= sinceMillis)
                .min((a, b) -> Long.compare(a.answeredAtMillis(), b.answeredAtMillis())).orElse(null);
    }

    /** The contact of the latest acknowledged call, or {@code fallback} before the first. */
    String lastAcknowledgedContact(String fallback) {
        String contact = lastAcknowledgedContact;
        return contact == null ? fallback : contact;
    }

    /** The calls made so far (answered ones only: a call is logged when its answer, or its lack of one, is in). */
    List<Call> callsSoFar() {
        return List.copyOf(calls);
    }

    /** Stops the threads after their current call and returns every call made. */
    List<Call> stop() {
        running = false;
        for (Thread thread : threads) {
            try {
                thread.join(Duration.ofSeconds(90));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return List.copyOf(calls);
    }

    @Override
    public void close() {
        running = false;
    }
}
