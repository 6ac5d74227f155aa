package io.consentgate.projector.query;

import io.consentgate.avro.ContactState;
import io.consentgate.avro.MessageCategory;
import io.consentgate.domain.audience.AudienceExclusion;
import io.consentgate.domain.audience.StandingPermission;
import io.consentgate.domain.policy.BusinessPolicies;
import io.consentgate.domain.policy.BusinessPolicy;
import io.consentgate.domain.state.ContactFacts;
import io.consentgate.domain.state.ContactFactsAvro;
import io.consentgate.domain.state.ErasureHasher;
import io.consentgate.domain.state.ScopeConsent;
import io.consentgate.projector.ProjectorStreams;
import io.consentgate.projector.topology.ConsentFact;
import io.consentgate.projector.topology.DecisionKeys;
import io.consentgate.projector.topology.HistoryKeys;
import io.consentgate.projector.topology.ProjectorTopology;
import io.consentgate.projector.topology.SendDecision;
import io.consentgate.schemas.ContactKey;
import io.consentgate.support.streams.KeyOwner;
import io.consentgate.support.web.NotReadyException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.StreamsMetadata;
import org.springframework.stereotype.Component;

/**
 * Reads the projector's stores through Kafka Streams' interactive queries. A contact's state and
 * history live in the partition of its canonical key, on one instance; an erased contact's remnant
 * lives there too, under the keyed hash, so that a lookup by phone number still finds its opt-outs.
 */
@Component
public class ContactStore {

    private static final StringSerializer KEYS = new StringSerializer();

    private final ProjectorStreams projector;
    private final ErasureHasher erasureHasher;
    private final BusinessPolicies policies;

    public ContactStore(ProjectorStreams projector, ErasureHasher erasureHasher, BusinessPolicies policies) {
        this.projector = projector;
        this.erasureHasher = erasureHasher;
        this.policies = policies;
    }

    public ContactLocation locate(ContactKey key) {
        KeyQueryMetadata metadata = KeyOwner.of(running(), ProjectorTopology.STATE_STORE, key.toString());
        return metadata.activeHost().equals(projector.self())
                ? new ContactLocation.Local(metadata.partition())
                : new ContactLocation.Remote(metadata.activeHost());
    }

    /**
     * The contact's state, history and newest {@code maxDecisions} send decisions, from the local
     * partition {@link #locate} named; empty when none of these is held.
     */
    public Optional<ContactRecord> find(ContactKey key, int partition, int maxDecisions) {
        return whileQueryable(() -> read(key, partition, maxDecisions));
    }

    private Optional<ContactRecord> read(ContactKey key, int partition, int maxDecisions) {
        ReadOnlyKeyValueStore<String, ContactState> states = store(ProjectorTopology.STATE_STORE, partition);
        ContactState state = states.get(key.toString());
        if (state == null) {
            state = states.get(erasureHasher.erasedKey(key.businessId(), key.contact()).toString());
        }
        List<SendDecision> decisions = newestDecisions(key, partition, maxDecisions);
        if (state == null && decisions.isEmpty()) {
            return Optional.empty();
        }
        List<ConsentFact> history = new ArrayList<>();
        ReadOnlyKeyValueStore<String, ConsentFact> facts = store(ProjectorTopology.HISTORY_STORE, partition);
        try (KeyValueIterator<String, ConsentFact> entries = facts.prefixScan(HistoryKeys.prefix(key), KEYS)) {
            entries.forEachRemaining(entry -> history.add(entry.value));
        }
        return Optional.of(new ContactRecord(state == null ? null : ContactFactsAvro.fromAvro(state), history, decisions,
                state == null ? null : state.getLinkedTo(), state == null ? List.of() : state.getAliases()));
    }

    private List<SendDecision> newestDecisions(ContactKey key, int partition, int max) {
        List<SendDecision> decisions = new ArrayList<>();
        if (max <= 0) {
            return decisions;
        }
        ReadOnlyKeyValueStore<String, SendDecision> log = store(ProjectorTopology.DECISIONS_STORE, partition);
        try (KeyValueIterator<String, SendDecision> entries = log.reverseRange(DecisionKeys.prefix(key), DecisionKeys.endOf(key))) {
            while (entries.hasNext() && decisions.size() < max) {
                decisions.add(entries.next().value);
            }
        }
        return decisions;
    }

    /**
     * Streams the contacts of this instance's partitions with standing permission for the category, topic and sender
     * ({@link StandingPermission}), each with the opt-in that allows it; every contact left out is handed to
     * {@code excluded} with the rule that left it out, so that it can be counted.
     */
    public void audience(AudienceQuery query, Instant now, BiConsumer<String, ScopeConsent> member, Consumer<AudienceExclusion> excluded) {
        whileQueryable(() -> scan(query, now, member, excluded));
    }

    /** @param senderId the number the campaign goes from, or null (then a marketing stop by any number leaves a contact out) */
    public record AudienceQuery(String businessId, MessageCategory category, String topic, String senderId) {
    }

    private Void scan(AudienceQuery query, Instant now, BiConsumer<String, ScopeConsent> member, Consumer<AudienceExclusion> excluded) {
        BusinessPolicy policy = policies.of(query.businessId());
        ReadOnlyKeyValueStore<String, ContactState> states = store(ProjectorTopology.STATE_STORE, null);
        try (KeyValueIterator<String, ContactState> entries =
                     states.prefixScan(query.businessId() + ContactKey.SEPARATOR, KEYS)) {
            entries.forEachRemaining(entry -> {
                if (isAlias(entry.value)) {
                    return;
                }
                ContactFacts state = ContactFactsAvro.fromAvro(entry.value);
                switch (StandingPermission.of(state, query.category(), query.topic(), query.senderId(), policy, now)) {
                    case StandingPermission.Member(ScopeConsent optIn) -> member.accept(entry.value.getContact(), optIn);
                    case StandingPermission.Excluded(AudienceExclusion reason) -> excluded.accept(reason);
                }
            });
        }
        return null;
    }

    /** The state of every person held by this instance's active partitions (linked phone numbers left out), for the gauges. */
    public void forEachLocalState(Consumer<ContactFacts> visitor) {
        whileQueryable(() -> {
            ReadOnlyKeyValueStore<String, ContactState> states = store(ProjectorTopology.STATE_STORE, null);
            try (KeyValueIterator<String, ContactState> entries = states.all()) {
                entries.forEachRemaining(entry -> {
                    if (!isAlias(entry.value)) {
                        visitor.accept(ContactFactsAvro.fromAvro(entry.value));
                    }
                });
            }
            return null;
        });
    }

    /**
     * A phone number linked to a BSUID: the person's facts are the BSUID's, so it is listed and counted there, once
     * (docs/identity.md); the number keeps only what it held before the link.
     */
    private static boolean isAlias(ContactState state) {
        return state.getLinkedTo() != null;
    }

    /** The other instances of the application, as they advertise themselves. */
    public List<HostInfo> otherInstances() {
        return running().metadataForAllStreamsClients().stream()
                .map(StreamsMetadata::hostInfo)
                .filter(host -> !host.equals(projector.self()))
                .distinct()
                .toList();
    }

    public boolean isRunning() {
        KafkaStreams streams = projector.streams();
        return streams != null && streams.state() == KafkaStreams.State.RUNNING;
    }

    private <V> ReadOnlyKeyValueStore<String, V> store(String name, Integer partition) {
        StoreQueryParameters<ReadOnlyKeyValueStore<String, V>> parameters =
                StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.keyValueStore());
        return running().store(partition == null ? parameters : parameters.withPartition(partition));
    }

    /** A store can stop being queryable at any read (a rebalance moves its partition): the caller retries. */
    private static <T> T whileQueryable(Supplier<T> query) {
        try {
            return query.get();
        } catch (InvalidStateStoreException e) {
            throw new NotReadyException("the stores are not queryable here right now (starting, rebalancing or restoring):"
                    + " retry in a few seconds", e);
        }
    }

    private KafkaStreams running() {
        KafkaStreams streams = projector.streams();
        if (streams == null) {
            throw new NotReadyException("the projector has not started yet: retry in a few seconds");
        }
        // Kafka Streams refuses metadata queries with a plain IllegalStateException when not running or rebalancing
        // (failed, or shutting down): an outage the caller waits out, so asked first rather than caught by its type.
        if (!streams.state().isRunningOrRebalancing()) {
            throw new NotReadyException("the projector's streams are " + streams.state() + ": retry later (its health says why)");
        }
        return streams;
    }
}
