package io.consentgate.gate.topology;

import io.consentgate.avro.SendRequest;
import io.consentgate.domain.policy.BusinessPolicies;
import io.consentgate.schemas.Topics;
import io.consentgate.support.streams.HomePartitions;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Where each request read from {@code outbound-requests} goes. Decided here only when its key is canonical
 * and it was read on that key's home partition ({@link HomePartitions}), where the contact's state and
 * request ids are. Any other request that names a contact is re-keyed through a repartition topic, which
 * lands it there: one with another key, and one with a canonical key on another partition (a producer
 * that does not partition as Java does; counted and logged as misrouted).
 */
final class RequestRoutes implements FixedKeyProcessor<String, SendRequest, RequestRoutes.Routed> {

    enum Route { EMPTY, DECIDE_HERE, REKEY, UNROUTABLE }

    record Routed(Route route, SendRequest request) {
    }

    private final BusinessPolicies policies;
    private final HomePartitions.PartitionCounts counts;
    private final GateObserver observer;
    private FixedKeyProcessorContext<String, Routed> context;
    private int partitionCount;

    RequestRoutes(BusinessPolicies policies, HomePartitions.PartitionCounts counts, GateObserver observer) {
        this.policies = policies;
        this.counts = counts;
        this.observer = observer;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Routed> context) {
        this.context = context;
        this.partitionCount = counts.of(Topics.OUTBOUND_REQUESTS.name());
    }

    @Override
    public void process(FixedKeyRecord<String, SendRequest> record) {
        context.forward(record.withValue(new Routed(route(record.key(), record.value()), record.value())));
    }

    private Route route(String key, SendRequest request) {
        if (request == null) {
            return Route.EMPTY;
        }
        if (RequestKeys.isCanonical(key, request)) {
            RecordMetadata source = context.recordMetadata().orElse(null);
            int home = HomePartitions.of(key, partitionCount);
            if (source == null || source.partition() == home) {
                return Route.DECIDE_HERE;
            }
            observer.misrouted(source.topic(), source.partition(), source.offset(), home);
            return Route.REKEY;
        }
        return RequestKeys.canonicalKey(request, policies) == null ? Route.UNROUTABLE : Route.REKEY;
    }
}
