package io.consentgate.projector.topology;

import io.consentgate.avro.ApprovedSend;
import io.consentgate.avro.ContactState;
import io.consentgate.avro.SendRejection;
import io.consentgate.domain.identity.ContactIdentity;
import io.consentgate.domain.state.ErasureHasher;
import io.consentgate.schemas.ContactKey;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the gate's decisions (approved-sends, send-rejections) per contact for the retention
 * period, so that support can say why a message was refused and a data-subject export holds them.
 *
 * <p>Not kept: decisions older than the retention; a rejection of a request whose contact is not a
 * valid number (the gate leaves it under its raw key: it belongs to no contact); and, as for the
 * history, nothing of an erased contact — neither while only the erased remnant is held nor, once
 * the person came back, a decision made before the erasure that arrives late.
 */
final class SendDecisionRecorder implements Processor<String, Object, Void, Void> {

    static final Duration PURGE_INTERVAL = Duration.ofHours(1);

    private final ErasureHasher erasureHasher;
    private final Duration retention;
    private ProcessorContext<Void, Void> context;
    private KeyValueStore<String, ContactState> states;
    private DecisionLog decisions;

    SendDecisionRecorder(ErasureHasher erasureHasher, Duration retention) {
        this.erasureHasher = erasureHasher;
        this.retention = retention;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        this.states = context.getStateStore(ProjectorTopology.STATE_STORE);
        this.decisions = DecisionLog.of(context);
        context.schedule(PURGE_INTERVAL, PunctuationType.WALL_CLOCK_TIME,
                now -> decisions.deleteDecidedBefore(Instant.ofEpochMilli(now).minus(retention)));
    }

    @Override
    public void process(Record<String, Object> record) {
        SendDecision decision = switch (record.value()) {
            case ApprovedSend approved -> SendDecision.approved(approved);
            case SendRejection rejection -> SendDecision.rejected(rejection);
            case null, default -> null; // no deletions on the decision topics
        };
        ContactKey contact = canonicalKeyOrNull(record.key());
        if (decision == null || contact == null) {
            return;
        }
        Instant oldestKept = Instant.ofEpochMilli(context.currentSystemTimeMs()).minus(retention);
        if (decision.decidedAt().isBefore(oldestKept) || isErasedAt(contact, decision.decidedAt())) {
            return;
        }
        decisions.record(contact, decision);
    }

    /** Whether the contact was erased at that instant, as far as the projector knows. */
    private boolean isErasedAt(ContactKey contact, Instant decidedAt) {
        ContactState current = states.get(contact.toString());
        if (current == null) {
            return states.get(erasureHasher.erasedKey(contact.businessId(), contact.contact()).toString()) != null;
        }
        return current.getErasedAt() != null && !decidedAt.isAfter(current.getErasedAt());
    }

    private static ContactKey canonicalKeyOrNull(String recordKey) {
        try {
            ContactKey key = ContactKey.parse(recordKey);
            return ContactIdentity.ofCanonical(key.contact()).keyAt(key.businessId()).equals(key) ? key : null;
        } catch (IllegalArgumentException e) { // not businessId|contact, or not a valid contact
            return null;
        }
    }
}
