package io.consentgate.events.webhook;

import io.consentgate.events.publisher.BusinessFact;
import io.consentgate.events.publisher.ContactFact;
import java.util.List;

/**
 * What one webhook delivery means: the facts to publish, and what was left out, never failing the batch.
 *
 * @param unknown  kinds of content this version does not know (a field, a message type, a property), ignored
 * @param refusals items that cannot become an event, with why
 */
public record MappedBatch(List<ContactFact> contactFacts, List<BusinessFact> businessFacts, List<String> unknown,
                          List<Refusal> refusals) {

    /** @param reason a {@link WebhookRefusal#tag()} ({@code unknown_account}, {@code no_contact}, ...); detail for the log */
    public record Refusal(String reason, String detail) {
    }
}
