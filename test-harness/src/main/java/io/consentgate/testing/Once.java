package io.consentgate.testing;

import java.util.function.Supplier;

/**
 * A value made on first use, once per JVM. Later callers get the same value, or the same failure with its
 * message (a static holder class would answer them with a bare NoClassDefFoundError instead).
 */
final class Once<T> {

    private final Supplier<T> maker;
    private T value;
    private RuntimeException failure;

    Once(Supplier<T> maker) {
        this.maker = maker;
    }

    synchronized T get() {
        if (value == null && failure == null) {
            try {
                value = maker.get();
            } catch (RuntimeException e) {
                failure = e;
            }
        }
        if (failure != null) {
            throw new IllegalStateException(failure.getMessage(), failure);
        }
        return value;
    }
}
