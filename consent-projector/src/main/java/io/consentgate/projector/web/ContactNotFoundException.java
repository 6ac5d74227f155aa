package io.consentgate.projector.web;

import io.consentgate.schemas.ContactKey;

/** Nothing is held about the contact at this business: no consent fact ever arrived (so there is no consent). */
public final class ContactNotFoundException extends RuntimeException {

    public ContactNotFoundException(ContactKey key) {
        super("nothing is held about contact " + key.contact() + " at business " + key.businessId()
                + ": no consent fact or message was ever recorded, so there is no consent to message them");
    }
}
