package io.consentgate.gate.topology;

import io.consentgate.avro.SendRequest;
import io.consentgate.domain.policy.BusinessPolicies;
import java.time.Clock;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * A request whose business or contact cannot form a key belongs to no contact: the core's policy
 * decides it where it is ({@link RequestDecider#decideWithoutKey}), and says what is wrong with it
 * (INVALID_REQUEST naming the field).
 */
final class UnroutableRequestProcessor implements FixedKeyProcessor<String, SendRequest, GateDecision> {

    private final BusinessPolicies policies;
    private final Clock clock;
    private FixedKeyProcessorContext<String, GateDecision> context;

    UnroutableRequestProcessor(BusinessPolicies policies, Clock clock) {
        this.policies = policies;
        this.clock = clock;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, GateDecision> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, SendRequest> record) {
        SendRequest request = record.value();
        context.forward(record.withValue(new GateDecision(request, RequestDecider.decideWithoutKey(request, policies, clock.instant()),
                record.timestamp())));
    }
}
