package io.consentgate.domain.decision;

import static io.consentgate.domain.Fixtures.BUSINESS;
import static io.consentgate.domain.Fixtures.POLICY;

import io.consentgate.avro.ContactEvent;
import io.consentgate.avro.MessageCategory;
import io.consentgate.avro.SendRequest;
import io.consentgate.domain.Fixtures;
import io.consentgate.domain.business.SenderState;
import io.consentgate.domain.business.TemplateState;
import io.consentgate.domain.identity.ContactIdentity;
import io.consentgate.domain.policy.BusinessPolicy;
import io.consentgate.domain.state.ContactFacts;
import io.consentgate.domain.state.ContactFactsFold;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One row of the spec table: the contact's history, the sender and template, a request at an
 * instant, and the outcome docs/rules.md asks for (an ApprovalBasis or a RejectionReason).
 */
record Scenario(String spec, List<ContactEvent> history, List<Instant> marketingSends, List<String> confirmed, SenderState sender,
                TemplateState template, BusinessPolicy policy, SendRequest request, Instant now, Enum<?> expected,
                String pricedAs) {

    /** What {@link #priced} expects of an approval that is billed. */
    static final String BILLED = "BILLED";

    static Scenario spec(String spec) {
        return new Scenario(spec, List.of(), List.of(), List.of(), Fixtures.healthySender(), null, POLICY, null, Fixtures.T0, null, null);
    }

    Scenario given(ContactEvent... events) {
        List<ContactEvent> all = new ArrayList<>(history);
        all.addAll(List.of(events));
        return new Scenario(spec, all, marketingSends, confirmed, sender, template, policy, request, now, expected, pricedAs);
    }

    Scenario marketingSentAt(Instant... sends) {
        return new Scenario(spec, history, List.of(sends), confirmed, sender, template, policy, request, now, expected, pricedAs);
    }

    /** The gate approved a confirmation of this opt-out before (request "confirmed-0", an hour before now). */
    Scenario confirmedBefore(String optOutId) {
        List<String> all = new ArrayList<>(confirmed);
        all.add(optOutId);
        return new Scenario(spec, history, marketingSends, all, sender, template, policy, request, now, expected, pricedAs);
    }

    Scenario sender(SenderState sender) {
        return new Scenario(spec, history, marketingSends, confirmed, sender, template, policy, request, now, expected, pricedAs);
    }

    Scenario template(TemplateState template) {
        return new Scenario(spec, history, marketingSends, confirmed, sender, template, policy, request, now, expected, pricedAs);
    }

    Scenario policy(BusinessPolicy policy) {
        return new Scenario(spec, history, marketingSends, confirmed, sender, template, policy, request, now, expected, pricedAs);
    }

    /** The request; a template request gets its template APPROVED unless the scenario says otherwise. */
    Scenario when(SendRequest request) {
        TemplateState status = template == null && request.getTemplate() != null ? Fixtures.approvedTemplate(request.getTemplate()) : template;
        return new Scenario(spec, history, marketingSends, confirmed, sender, status, policy, request, now, expected, pricedAs);
    }

    Scenario at(Instant now) {
        return new Scenario(spec, history, marketingSends, confirmed, sender, template, policy, request, now, expected, pricedAs);
    }

    Scenario then(Enum<?> expected) {
        return new Scenario(spec, history, marketingSends, confirmed, sender, template, policy, request, now, expected, pricedAs);
    }

    /** The approval is free for this reason ({@code FreeReason}'s name), or {@link #BILLED}. */
    Scenario priced(String pricedAs) {
        return new Scenario(spec, history, marketingSends, confirmed, sender, template, policy, request, now, expected, pricedAs);
    }

    ContactFacts state() {
        ContactFactsFold fold = Fixtures.foldWith(policy);
        ContactFacts state = null;
        for (ContactEvent event : history) {
            state = fold.apply(state, event);
        }
        if (!marketingSends.isEmpty() && state == null) {
            state = ContactFacts.empty(BUSINESS, ContactIdentity.parse(request.getContact(), "ES"));
        }
        for (Instant at : marketingSends) {
            state = fold.recordSend(state, MessageCategory.MARKETING, at);
        }
        for (int sent = 0; sent < confirmed.size(); sent++) {
            state = fold.recordConfirmation(state, confirmed.get(sent), "confirmed-" + sent, now.minusSeconds(3600));
        }
        return state;
    }

    /** The earlier marketing sends were requests "earlier-0", "earlier-1"…, decided when they were sent. */
    DecidedRequests decidedRequests() {
        return requestId -> {
            for (int sent = 0; sent < marketingSends.size(); sent++) {
                if (("earlier-" + sent).equals(requestId)) {
                    return marketingSends.get(sent);
                }
            }
            return null;
        };
    }

    Decision decide() {
        return SendPolicy.decide(request, state(), decidedRequests(), sender, policy, template, now);
    }

    @Override
    public String toString() {
        return spec;
    }
}
