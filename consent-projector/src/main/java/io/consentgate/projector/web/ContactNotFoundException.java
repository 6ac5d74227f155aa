package io.consentgate.projector.web;

import io.consentgate.schemas.ContactKey;
import io.consentgate.support.web.ProblemException;
import io.consentgate.support.web.ProblemType;

/** No consent fact or message of the contact ever arrived at this business (so there is no consent); at most send decisions are held. */
public final class ContactNotFoundException extends ProblemException {

    public ContactNotFoundException(ContactKey key) {
        // The contact is not repeated: an error answer carries no personal data (the caller knows whom it asked about).
        super(ProblemType.NOT_FOUND, "no consent fact or message was ever recorded for this contact at business " + key.businessId()
                + ", so there is no consent to message them");
    }
}
