package io.consentgate.gate.topology;

import io.consentgate.avro.BusinessEvent;
import io.consentgate.avro.MessagingLimitChanged;
import io.consentgate.avro.SenderQualityChanged;
import io.consentgate.avro.SenderRateLimited;
import io.consentgate.avro.TemplateCategoryChanged;
import io.consentgate.avro.TemplateStatusChanged;
import io.consentgate.avro.TemplatesListed;
import io.consentgate.domain.business.SenderState;
import io.consentgate.domain.business.TemplateListing;
import io.consentgate.domain.business.TemplateState;
import io.consentgate.schemas.Topics;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Folds each business event into the global store {@value GateTopology#BUSINESS_STATE_STORE}: per
 * sender its quality, status and latest rate limit, per template its review status and category (a complete template list marks
 * the templates it lacks gone), per business its messaging tier.
 * Every gate instance runs it over the whole topic (also when it restores the store).
 */
final class BusinessEventProcessor implements Processor<String, BusinessEvent, Void, Void> {

    private final GateObserver observer;
    private BusinessStates states;

    BusinessEventProcessor(GateObserver observer) {
        this.observer = observer;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        KeyValueStore<String, byte[]> store = context.getStateStore(GateTopology.BUSINESS_STATE_STORE);
        states = new BusinessStates(store);
    }

    @Override
    public void process(org.apache.kafka.streams.processor.api.Record<String, BusinessEvent> record) {
        BusinessEvent event = record.value();
        if (event == null) {
            observer.skipped(Topics.BUSINESS_EVENTS.name(), "a business event without a value (a tombstone) says nothing");
            return;
        }
        String businessId = event.getBusinessId();
        Instant at = event.getOccurredAt();
        switch (event.getPayload()) {
            case SenderQualityChanged quality -> {
                SenderState known = states.sender(businessId, quality.getSenderId());
                states.put((known != null ? known : SenderState.unknown(businessId, quality.getSenderId())).apply(quality, at));
                if (quality.getCurrentLimit() != null) {
                    states.put(businessId, states.limit(businessId).apply(quality.getCurrentLimit(), at));
                }
            }
            case SenderRateLimited limited -> {
                SenderState known = states.sender(businessId, limited.getSenderId());
                states.put((known != null ? known : SenderState.unknown(businessId, limited.getSenderId())).rateLimited(limited.getErrorCode(), at));
            }
            case MessagingLimitChanged limit -> states.put(businessId, states.limit(businessId).apply(limit.getTier(), at));
            case TemplateStatusChanged template -> {
                TemplateState known = states.template(businessId, template.getTemplateName(), template.getLanguage());
                states.put(known != null ? known.apply(template, at) : TemplateState.from(businessId, template, at));
            }
            case TemplateCategoryChanged category -> {
                TemplateState known = states.template(businessId, category.getTemplateName(), category.getLanguage());
                states.put(known != null ? known.apply(category, at) : TemplateState.from(businessId, category, at));
            }
            case TemplatesListed listed -> {
                // a complete list: what it lacks, and the gate heard nothing of since, is gone (TemplateListing)
                TemplateListing listing = TemplateListing.of(businessId, listed, at);
                states.templates(businessId).forEach(known -> listing.gone(known).ifPresent(states::put));
            }
            default -> observer.skipped(Topics.BUSINESS_EVENTS.name(),
                    "event " + event.getEventId() + " has a payload this gate does not know: " + event.getPayload().getClass().getName());
        }
    }
}
