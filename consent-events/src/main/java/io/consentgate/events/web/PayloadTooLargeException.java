package io.consentgate.events.web;

import org.springframework.util.unit.DataSize;

/** A body larger than the endpoint accepts; answered 413. */
public class PayloadTooLargeException extends RuntimeException {

    public PayloadTooLargeException(DataSize limit) {
        super("the body is larger than the " + limit.toBytes() + " bytes this endpoint accepts: split it into smaller requests");
    }
}
