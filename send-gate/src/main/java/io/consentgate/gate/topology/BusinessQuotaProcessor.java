package io.consentgate.gate.topology;

import io.consentgate.avro.ApprovedSend;
import io.consentgate.avro.MessagingTier;
import io.consentgate.domain.decision.DecisionRecords;
import io.consentgate.domain.quota.BusinessQuota;
import io.consentgate.domain.quota.QuotaOutcome;
import io.consentgate.schemas.ContactKey;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Stage 2, keyed by business: the core's quota admits a business-initiated approval against the
 * business's messaging tier (counting the contact once per moving 24 h) or turns it into a
 * TIER_LIMIT_REACHED rejection. The decision goes out keyed by its contact again. The quota counts in the store
 * ({@link StoredCountedContacts}), a few small records per contact, so an admission costs the same for any business.
 */
final class BusinessQuotaProcessor implements Processor<String, ApprovedSend, String, GateDecision> {

    /**
     * Set on an approval decided as a person's (docs/identity.md): the person's canonical contact, which the quota
     * counts instead of the contact the request named, so that a person is counted once under either identity.
     */
    static final String PERSON_HEADER = "consentgate-person";

    private final Clock clock;
    private final GateObserver observer;
    private ProcessorContext<String, GateDecision> context;
    private KeyValueStore<Bytes, byte[]> quotas;
    private BusinessStates businessStates;

    BusinessQuotaProcessor(Clock clock, GateObserver observer) {
        this.clock = clock;
        this.observer = observer;
    }

    @Override
    public void init(ProcessorContext<String, GateDecision> context) {
        this.context = context;
        this.quotas = context.getStateStore(GateTopology.QUOTA_STORE);
        KeyValueStore<String, byte[]> businessStore = context.getStateStore(GateTopology.BUSINESS_STATE_STORE);
        this.businessStates = new BusinessStates(businessStore);
    }

    @Override
    public void process(org.apache.kafka.streams.processor.api.Record<String, ApprovedSend> record) {
        ApprovedSend pending = record.value();
        String businessId = record.key();
        BusinessQuota quota = BusinessQuota.over(StoredCountedContacts.of(quotas, businessId));
        MessagingTier tier = businessStates.limit(businessId).tier();
        Header person = record.headers().lastHeader(PERSON_HEADER);
        String counted = person == null ? pending.getContact() : new String(person.value(), StandardCharsets.UTF_8);
        QuotaOutcome outcome = quota.admit(counted, tier, clock.instant());
        observer.quotaUsed(businessId, quota.countedContacts(), BusinessQuota.limitOf(tier));
        GateDecision decided = new GateDecision(pending.getRequest(), DecisionRecords.approvalOf(pending).afterQuota(outcome),
                record.timestamp());
        context.forward(record.withKey(new ContactKey(businessId, pending.getContact()).toString()).withValue(decided));
    }
}
