package io.consentgate.projector.topology;

import io.consentgate.avro.ContactEvent;
import io.consentgate.avro.ContactState;
import io.consentgate.domain.state.ContactFactsFold;
import io.consentgate.domain.state.ErasureHasher;
import io.consentgate.projector.metrics.ProjectorMetrics;
import io.consentgate.schemas.Topics;
import io.consentgate.support.ContractSerdes;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import io.consentgate.support.streams.HomePartitions;
import io.consentgate.support.streams.ToHomePartitions;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * contact-events → (on its key's home partition, or rerouted there) → {@value #PROJECTOR} (fold, history) → consent-state, and approved-sends +
 * send-rejections → {@value #DECISION_RECORDER} (decision log). Pure: Spring only wires it, and the
 * tests build this very topology.
 *
 * <p>The three sources are co-partitioned (keyed {@code businessId|contact}) and share the state
 * store, so they form one sub-topology: a contact's events and decisions meet in one task, where an
 * erasure deletes the decisions along with the history. A contact event read on another partition than its
 * key's murmur2 partition (a producer with another partitioner) is counted and rerouted through an internal
 * topic to that partition ({@link ToHomePartitions}), so that one task, and one instance, holds each contact.
 */
public final class ProjectorTopology {

    public static final String SOURCE = "contact-events-source";
    public static final String PROJECTOR = "contact-state-projector";
    public static final String SINK = "consent-state-sink";
    /** Projects what linked phone numbers send on to their person (docs/identity.md). */
    public static final String PERSON_PROJECTOR = "person-state-projector";
    /** A linked phone number's facts on their way to its BSUID (topic {@code <application.id>-consent-projector-to-person-repartition}). */
    public static final String TO_PERSON = "consent-projector-to-person";
    /** Contact events read off their key's home partition, rerouted there (topic {@code <application.id>-consent-projector-contact-events-rerouted-repartition}). */
    public static final String REROUTED = "consent-projector-contact-events-rerouted";
    /** {@code businessId|contact} (or {@code businessId|<keyed hash>} once erased) → the contract's ContactState. */
    public static final String STATE_STORE = "projector-contact-state";
    /** {@link HistoryKeys} → {@link ConsentFact}: every consent fact with its proof, in time order per contact. */
    public static final String HISTORY_STORE = "projector-consent-history";
    public static final String APPROVED_SENDS_SOURCE = "approved-sends-source";
    public static final String SEND_REJECTIONS_SOURCE = "send-rejections-source";
    public static final String DECISION_RECORDER = "send-decision-recorder";
    /** {@link DecisionKeys} → {@link SendDecision}: each contact's send decisions within the retention, in time order. */
    public static final String DECISIONS_STORE = "projector-decisions";
    /** The decision log's index by decision time, for the retention purge. */
    public static final String DECISIONS_BY_TIME_STORE = "projector-decisions-by-time";

    /**
     * Erased personal data must leave the changelogs too: compaction removes a deleted key's older
     * records, and this bounds how long it may wait (the broker's default is unbounded).
     */
    static final Map<String, String> CHANGELOG_CONFIG = Map.of("max.compaction.lag.ms", Long.toString(7L * 24 * 3600 * 1000));

    private ProjectorTopology() {
    }

    /**
     * @param partitionCounts contact-events' partition count, for each key's home partition (a misrouted event is folded there)
     */
    @SuppressWarnings("unchecked")
    public static Topology build(ContractSerdes serdes, ContactFactsFold fold, ErasureHasher erasureHasher, ConsentFacts consentFacts,
                                 ProjectorMetrics metrics, Duration decisionRetention, HomePartitions.PartitionCounts partitionCounts) {
        Serde<String> keys = serdes.key();
        Serde<ContactEvent> events = serdes.value(Topics.CONTACT_EVENTS);
        Serde<ContactState> states = serdes.value(Topics.CONSENT_STATE);
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STATE_STORE), keys, states)
                .withLoggingEnabled(CHANGELOG_CONFIG));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(HISTORY_STORE), keys, new JsonSerde<>(ConsentFact.class))
                .withLoggingEnabled(CHANGELOG_CONFIG));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DECISIONS_STORE), keys, new JsonSerde<>(SendDecision.class))
                .withLoggingEnabled(CHANGELOG_CONFIG));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DECISIONS_BY_TIME_STORE), keys, keys)
                .withLoggingEnabled(CHANGELOG_CONFIG));

        KStream<String, ContactEvent> read = builder.stream(Topics.CONTACT_EVENTS.name(), Consumed.with(keys, events).withName(SOURCE));
        Map<String, KStream<String, Object>> projected = ToHomePartitions.of(read, Topics.CONTACT_EVENTS.name(), REROUTED, partitionCounts, keys, events, metrics::misrouted)
                .mapValues(event -> (Object) event, Named.as("contact-events-as-records"))
                .process(() -> new ContactEventProjector(fold, erasureHasher, consentFacts, metrics), Named.as(PROJECTOR),
                        STATE_STORE, HISTORY_STORE, DECISIONS_STORE, DECISIONS_BY_TIME_STORE)
                .split(Named.as("projected-"))
                .branch((key, out) -> out instanceof ProjectorHop, Branched.as("to-person"))
                .defaultBranch(Branched.as("states"));
        // One person, two identities (docs/identity.md): a linked phone number's facts are projected as its BSUID's.
        KStream<String, Object> asPerson = projected.get("projected-to-person")
                .mapValues(out -> (ProjectorHop) out, Named.as("as-person-hop"))
                .repartition(Repartitioned.with(keys, ProjectorHop.serde(events, states)).withName(TO_PERSON))
                .mapValues(hop -> (Object) hop, Named.as("person-hops-as-records"))
                .process(() -> new ContactEventProjector(fold, erasureHasher, consentFacts, metrics), Named.as(PERSON_PROJECTOR),
                        STATE_STORE, HISTORY_STORE, DECISIONS_STORE, DECISIONS_BY_TIME_STORE);
        projected.get("projected-states").merge(asPerson, Named.as("states-of-contacts-and-people"))
                .mapValues(out -> (ContactState) out, Named.as("as-states"))
                .to(Topics.CONSENT_STATE.name(), Produced.with(keys, states).withName(SINK));

        // The gate writes decisions with Kafka Streams, so under the murmur2 key: they are never misrouted.
        KStream<String, Object> approved = builder.stream(Topics.APPROVED_SENDS.name(),
                Consumed.with(keys, (Serde<Object>) (Serde<?>) serdes.value(Topics.APPROVED_SENDS)).withName(APPROVED_SENDS_SOURCE));
        KStream<String, Object> rejected = builder.stream(Topics.SEND_REJECTIONS.name(),
                Consumed.with(keys, (Serde<Object>) (Serde<?>) serdes.value(Topics.SEND_REJECTIONS)).withName(SEND_REJECTIONS_SOURCE));
        approved.merge(rejected, Named.as("send-decisions"))
                .process(() -> new SendDecisionRecorder(erasureHasher, decisionRetention), Named.as(DECISION_RECORDER),
                        STATE_STORE, DECISIONS_STORE, DECISIONS_BY_TIME_STORE);
        return builder.build();
    }

    /** The changelog topic Kafka Streams names after the application id and the store. */
    public static String changelogTopic(String applicationId, String store) {
        return applicationId + "-" + store + "-changelog";
    }
}
