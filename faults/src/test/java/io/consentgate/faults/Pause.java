package io.consentgate.faults;

import java.time.Duration;

/**
 * A scenario's waits between its phases. An interrupt ends the scenario (as an IllegalStateException) instead of
 * cutting one wait short and going on with the next phase too early.
 */
final class Pause {

    private Pause() {
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Until the wall clock reads {@code millis}; at once if it is past. */
    static void until(long millis) {
        long left = millis - System.currentTimeMillis();
        if (left > 0) {
            sleep(Duration.ofMillis(left));
        }
    }
}
