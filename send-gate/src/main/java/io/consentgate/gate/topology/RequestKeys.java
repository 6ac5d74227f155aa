package io.consentgate.gate.topology;

import io.consentgate.avro.SendRequest;
import io.consentgate.domain.identity.ContactIdentity;
import io.consentgate.domain.policy.BusinessPolicies;
import io.consentgate.schemas.ContactKey;

/** Where a request belongs: under the canonical key of its business and contact. */
final class RequestKeys {

    private RequestKeys() {
    }

    /**
     * The cheap check on the hot path: the key is {@code businessId|contact} of the request itself and
     * the contact is written canonically already (what a well-behaved producer sends). Only the form is checked: whether
     * such a number exists is for the decision, which refuses one that does not with the same reason a request routed
     * nowhere gets, and which knows a contact with a state to be valid (docs/decisions.md, issue 17).
     */
    static boolean isCanonical(String key, SendRequest request) {
        String businessId = request.getBusinessId();
        String contact = request.getContact();
        if (key == null || businessId == null || contact == null || businessId.isBlank()
                || key.length() != businessId.length() + 1 + contact.length()
                || !key.startsWith(businessId) || key.charAt(businessId.length()) != ContactKey.SEPARATOR || !key.endsWith(contact)) {
            return false;
        }
        return ContactIdentity.isCanonicalForm(contact);
    }

    /** The key the request belongs under, or null when its business or contact cannot form one (then it is invalid). */
    static ContactKey canonicalKey(SendRequest request, BusinessPolicies policies) {
        String businessId = request.getBusinessId();
        if (businessId == null || businessId.isBlank()) {
            return null;
        }
        try {
            return ContactIdentity.key(businessId, request.getContact(), policies.of(businessId).defaultRegion());
        } catch (IllegalArgumentException invalid) { // InvalidContactException, or a businessId with '|'
            return null;
        }
    }
}
