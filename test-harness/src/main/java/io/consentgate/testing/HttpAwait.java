package io.consentgate.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * Waits for the state a test reads over HTTP, instead of sleeping and hoping. Right after start-up, a rebalance or a
 * restore, a service answers 503 ("not available right now", with Retry-After) to a lookup whose store is not
 * queryable yet; that answer says "ask again", not "this is the answer". A test that reads a lookup, a decision or
 * an endpoint at such a moment asks through {@link #answer}: it gets the first answer that is not a 503, and asserts
 * on that (a 503 is never accepted as the result). Used by every module's tests and by {@link ServiceProcess}.
 */
public final class HttpAwait {

    /** Long enough for a rebalance with restore on a loaded 2-core machine; a healthy run answers in well under a second. */
    public static final Duration PATIENCE = Duration.ofSeconds(60);

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /**
     * Calls {@code call} until it answers something other than 503, and returns that answer. Fails after
     * {@link #PATIENCE} with the last 503's body, which says what the service was waiting for.
     *
     * @param what what is asked, for the failure message (never a contact: it ends up in the build log)
     */
    public static HttpResponse<String> answer(String what, Callable<HttpResponse<String>> call) {
        AtomicReference<HttpResponse<String>> last = new AtomicReference<>();
        try {
            await(what + " to answer other than 503").atMost(PATIENCE).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(200))
                    .ignoreExceptionsMatching(e -> e instanceof IOException || e instanceof UncheckedIOException)
                    .until(() -> {
                        last.set(call.call());
                        return last.get().statusCode() != 503;
                    });
        } catch (RuntimeException e) {
            HttpResponse<String> unavailable = last.get();
            throw new IllegalStateException(what + " still answered 503 after " + PATIENCE.toSeconds() + " s"
                    + (unavailable == null ? "" : ": " + unavailable.body()), e);
        }
        return last.get();
    }

    /** Waits until {@code baseUrl}/actuator/health/readiness answers 200, for at most {@link #PATIENCE}. */
    public static void ready(String what, String baseUrl) {
        ready(what, baseUrl, PATIENCE, () -> false);
    }

    /**
     * Waits until {@code baseUrl}/actuator/health/readiness answers 200 (for the gate and the projector: their streams
     * RUNNING since start; a lookup may still answer 503 during a later rebalance, so read lookups through {@link #answer}).
     * Gives up at once when {@code gone} turns true (a process that exited will never be ready).
     */
    public static void ready(String what, String baseUrl, Duration timeout, BooleanSupplier gone) {
        HttpRequest readiness = HttpRequest.newBuilder(URI.create(baseUrl + "/actuator/health/readiness"))
                .timeout(Duration.ofSeconds(2)).build();
        await(what + " to be ready").atMost(timeout).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(200))
                .ignoreExceptionsInstanceOf(IOException.class)
                .failFast(what + " is gone", gone::getAsBoolean)
                .until(() -> HTTP.send(readiness, HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
    }

    private HttpAwait() {
    }
}
