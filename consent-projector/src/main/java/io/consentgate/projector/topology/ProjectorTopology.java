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
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * contact-events → {@value #PROJECTOR} (fold, history) → consent-state, and approved-sends +
 * send-rejections → {@value #DECISION_RECORDER} (decision log). Pure: Spring only wires it, and the
 * tests build this very topology.
 *
 * <p>The three sources are co-partitioned (keyed {@code businessId|contact}) and share the state
 * store, so they form one sub-topology: a contact's events and decisions meet in one task, where an
 * erasure deletes the decisions along with the history.
 */
public final class ProjectorTopology {

    public static final String SOURCE = "contact-events-source";
    public static final String PROJECTOR = "contact-state-projector";
    public static final String SINK = "consent-state-sink";
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

    public static Topology build(ContractSerdes serdes, ContactFactsFold fold, ErasureHasher erasureHasher,
                                 ConsentFacts consentFacts, ProjectorMetrics metrics, Duration decisionRetention) {
        Serde<String> keys = serdes.key();
        Serde<ContactEvent> events = serdes.value(Topics.CONTACT_EVENTS);
        Serde<ContactState> states = serdes.value(Topics.CONSENT_STATE);
        return new Topology()
                .addSource(SOURCE, keys.deserializer(), events.deserializer(), Topics.CONTACT_EVENTS.name())
                .addProcessor(PROJECTOR, () -> new ContactEventProjector(fold, erasureHasher, consentFacts, metrics), SOURCE)
                .addSource(APPROVED_SENDS_SOURCE, keys.deserializer(), serdes.value(Topics.APPROVED_SENDS).deserializer(),
                        Topics.APPROVED_SENDS.name())
                .addSource(SEND_REJECTIONS_SOURCE, keys.deserializer(), serdes.value(Topics.SEND_REJECTIONS).deserializer(),
                        Topics.SEND_REJECTIONS.name())
                .addProcessor(DECISION_RECORDER, () -> new SendDecisionRecorder(erasureHasher, decisionRetention),
                        APPROVED_SENDS_SOURCE, SEND_REJECTIONS_SOURCE)
                .addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STATE_STORE), keys, states)
                        .withLoggingEnabled(CHANGELOG_CONFIG), PROJECTOR, DECISION_RECORDER)
                .addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(HISTORY_STORE), keys, new JsonSerde<>(ConsentFact.class))
                        .withLoggingEnabled(CHANGELOG_CONFIG), PROJECTOR)
                .addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DECISIONS_STORE), keys, new JsonSerde<>(SendDecision.class))
                        .withLoggingEnabled(CHANGELOG_CONFIG), PROJECTOR, DECISION_RECORDER)
                .addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DECISIONS_BY_TIME_STORE), keys, keys)
                        .withLoggingEnabled(CHANGELOG_CONFIG), PROJECTOR, DECISION_RECORDER)
                .addSink(SINK, Topics.CONSENT_STATE.name(), keys.serializer(), states.serializer(), PROJECTOR);
    }

    /** The changelog topic Kafka Streams names after the application id and the store. */
    public static String changelogTopic(String applicationId, String store) {
        return applicationId + "-" + store + "-changelog";
    }
}
