package io.consentgate.events.webhook;

import io.consentgate.avro.IdentityLinked;
import io.consentgate.events.publisher.BusinessFact;
import io.consentgate.events.publisher.ContactFact;
import io.consentgate.events.publisher.EventIds;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import tools.jackson.databind.JsonNode;

/** Collects what a delivery means, in delivery order, into a {@link MappedBatch}. */
final class BatchBuilder {

    private final List<ContactFact> contactFacts = new ArrayList<>();
    private final List<BusinessFact> businessFacts = new ArrayList<>();
    private final List<String> unknown = new ArrayList<>();
    private final List<MappedBatch.Refusal> refusals = new ArrayList<>();
    private final Set<String> linked = new HashSet<>();
    private final List<ContactFact> identityLinks = new ArrayList<>();

    void contact(String eventId, String businessId, String contact, Instant at, SpecificRecord payload) {
        contactFacts.add(new ContactFact(eventId, businessId, contact, at, WhatsAppWebhookMapper.SOURCE, payload));
    }

    /**
     * A fact about {@code who}; when the item named both its phone number and its BSUID, also the link between them,
     * once per delivery, under each identity (docs/identity.md), published ahead of every fact of the delivery: so that
     * a fact keyed by the phone number comes after the link on its partition, and goes to the person.
     */
    void contact(String eventId, String businessId, WebhookContact who, Instant at, SpecificRecord payload) {
        if (who.phone() != null && who.bsuid() != null && linked.add(businessId + "|" + who.phone() + "|" + who.bsuid())) {
            IdentityLinked link = new IdentityLinked(who.phone(), who.bsuid());
            for (String under : List.of(who.phone(), who.bsuid())) {
                identityLinks.add(new ContactFact(EventIds.identityLink(businessId, who.phone(), who.bsuid(), under), businessId, under, at,
                        WhatsAppWebhookMapper.SOURCE, link));
            }
        }
        contact(eventId, businessId, who.contact(), at, payload);
    }

    /** A change of the account, which carries no id of its own: named after the change itself, so a repeat is the same fact. */
    void accountChange(WebhookChange change, SpecificRecord payload) {
        String eventId = EventIds.whatsAppAccountChange(change.field(), change.accountId(), change.occurredAt(), change.value().toString());
        businessFacts.add(new BusinessFact(eventId, change.businessId(), change.occurredAt(), WhatsAppWebhookMapper.SOURCE, payload));
    }

    /** A fact about a business named by an id of its own (e.g. a rate limit named after the refused message and the code). */
    void business(String eventId, String businessId, Instant at, SpecificRecord payload) {
        businessFacts.add(new BusinessFact(eventId, businessId, at, WhatsAppWebhookMapper.SOURCE, payload));
    }

    /** Content this version does not know, e.g. {@code message_type.reaction}: ignored and counted. */
    void unknown(String kind) {
        unknown.add(kind);
    }

    /** Each property of {@code object} not in {@code known}, as {@code <kind>.<property>}. */
    void unknownProperties(String kind, JsonNode object, Set<String> known) {
        for (String property : object.propertyNames()) {
            if (!known.contains(property)) {
                unknown.add(kind + "." + property);
            }
        }
    }

    /** An item that cannot become an event; {@code detail} is logged, so it names no person (no number, no text). */
    void refuse(WebhookRefusal reason, String detail) {
        refusals.add(new MappedBatch.Refusal(reason.tag(), detail));
    }

    MappedBatch result() {
        return new MappedBatch(List.copyOf(contactFacts), List.copyOf(businessFacts), List.copyOf(unknown), List.copyOf(refusals),
                List.copyOf(identityLinks));
    }
}
