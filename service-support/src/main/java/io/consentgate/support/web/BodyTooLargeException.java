package io.consentgate.support.web;

import org.springframework.util.unit.DataSize;

/** A body larger than the endpoint accepts: 413. */
public class BodyTooLargeException extends ProblemException {

    public BodyTooLargeException(DataSize limit) {
        super(ProblemType.BODY_TOO_LARGE, "the body is larger than the " + limit.toBytes()
                + " bytes this endpoint accepts: send less (split an import into smaller ones)");
    }
}
