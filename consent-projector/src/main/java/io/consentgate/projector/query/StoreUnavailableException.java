package io.consentgate.projector.query;

/** The stores cannot answer right now (starting, rebalancing, restoring): the caller should retry shortly. */
public final class StoreUnavailableException extends RuntimeException {

    public StoreUnavailableException(String message) {
        super(message);
    }

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
