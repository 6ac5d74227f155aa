package io.consentgate.events.webhook;

import io.consentgate.events.publisher.BusinessFact;
import io.consentgate.events.publisher.ContactFact;
import java.util.List;

/**
 * What one webhook delivery means: the facts to publish, and what was left out, never failing the batch.
 *
 * @param unknown  kinds of content this version does not know (a field, a message type, a property), ignored
 * @param refusals items that cannot become an event, with why
 * @param identityLinks the links of phone numbers and BSUIDs that items named together (docs/identity.md), each under
 *                 both identities: to be published ahead of {@code contactFacts}
 */
public record MappedBatch(List<ContactFact> contactFacts, List<BusinessFact> businessFacts, List<String> unknown,
                          List<Refusal> refusals, List<ContactFact> identityLinks) {

    /** What to publish to contact-events, in order: the links first, then the facts. */
    public List<ContactFact> contactFactsWithLinks() {
        List<ContactFact> all = new java.util.ArrayList<>(identityLinks);
        all.addAll(contactFacts);
        return all;
    }

    /** @param reason a {@link WebhookRefusal#tag()} ({@code unknown_account}, {@code no_contact}, ...); detail for the log */
    public record Refusal(String reason, String detail) {
    }
}
