package io.consentgate.events.webhook;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The signed deliveries this instance published lately, by the SHA-256 of their raw body, so that the same delivery
 * sent again (a captured one replayed, or Meta redelivering one whose 200 it did not get) is answered without being
 * published twice. A delivery is claimed before it is published and released if publishing fails, so that a retry
 * after a 503 is published, and two copies arriving at once publish once. Bounded in time and count; per instance
 * (another instance would publish a copy again, which the event ids named after Meta's keep harmless downstream).
 */
final class RecentDeliveries {

    static final Duration WINDOW = Duration.ofHours(24);
    static final int CAPACITY = 100_000;

    private final Clock clock;
    private final Duration window;
    private final int capacity;
    /** digest → when claimed; oldest first. */
    private final LinkedHashMap<String, Instant> claimed = new LinkedHashMap<>();

    RecentDeliveries(Clock clock) {
        this(clock, WINDOW, CAPACITY);
    }

    RecentDeliveries(Clock clock, Duration window, int capacity) {
        this.clock = clock;
        this.window = window;
        this.capacity = capacity;
    }

    /** The key of a delivery: the digest of its raw bytes. */
    static String digest(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** True when the delivery was not seen within the window: the caller publishes it (and releases it if that fails). */
    synchronized boolean claim(String digest) {
        Instant now = clock.instant();
        forgetOlderThan(now.minus(window));
        if (claimed.containsKey(digest)) {
            return false;
        }
        claimed.put(digest, now);
        if (claimed.size() > capacity) {
            Iterator<String> oldest = claimed.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        return true;
    }

    /** The delivery was not published after all: a retry must be. */
    synchronized void release(String digest) {
        claimed.remove(digest);
    }

    private void forgetOlderThan(Instant cutoff) {
        Iterator<Map.Entry<String, Instant>> entries = claimed.entrySet().iterator();
        while (entries.hasNext() && entries.next().getValue().isBefore(cutoff)) {
            entries.remove();
        }
    }
}
