package io.consentgate.gate.topology;

import io.consentgate.avro.ApprovedSend;
import io.consentgate.avro.BusinessEvent;
import io.consentgate.avro.ContactEvent;
import io.consentgate.avro.SendRequest;
import io.consentgate.domain.decision.Decision;
import io.consentgate.domain.decision.DecisionRecords;
import io.consentgate.domain.policy.BusinessPolicies;
import io.consentgate.domain.state.ContactFactsFold;
import io.consentgate.schemas.Topics;
import io.consentgate.support.ContractSerdes;
import io.consentgate.support.streams.HomePartitions;
import io.consentgate.support.streams.ToHomePartitions;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.UsePartitionTimeOnInvalidTimestamp;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The send gate's topology, a pure builder: Spring wires it, tests build the very same one.
 *
 * <pre>
 * outbound-requests ─┬─ canonical key, on its home partition ───────┐
 *                    ├─ other key, or misrouted ─ re-key ─ [requests-rekeyed] ─┤
 *                    ├─ no key possible ─ INVALID_REQUEST ─────────┐ │
 *                    └─ empty ─ skipped (logged, counted)          │ │
 * contact-events ─┬─ on its home partition ───────────────────────┐│ │
 *                 └─ misrouted ─ [contact-events-rerouted] ───────┤│ │
 *                 fold ─ (gate-contact-state) ─ park until fenced, decide ◄─┼─┘   stage 1, per contact
 *                                                  │               │
 *                        counts toward the limit ─ [quota-requests] ─ quota (gate-business-quota)   stage 2, per business
 *                                                  │               │            │
 *                                 approved-sends / send-rejections ◄────────────┘
 * business-events ─ fold ─ (gate-business-state), global: read by decide and quota
 * </pre>
 *
 * <p>A contact's requests and events are decided and folded only on the partition its key maps to by
 * murmur2 ({@link HomePartitions}), whatever partitioner their producer used: a record read elsewhere is
 * counted as misrouted and rerouted there. business-events is read whole, so its partitioning does not matter.
 */
public final class GateTopology {

    /** Stage 1: each contact's state, folded from contact-events by the core's fold; RocksDB with a changelog. */
    public static final String CONTACT_STATE_STORE = "gate-contact-state";
    /** Stage 1: the offset of the last rerouted contact event folded, per partition of the rerouted topic; in memory with a changelog. */
    public static final String CONTACT_EVENTS_REROUTED_POSITIONS_STORE = "gate-contact-events-rerouted-positions";
    /** Stage 1: requests waiting for their fetch fence, by arrival sequence; in memory with a changelog. */
    public static final String PENDING_REQUESTS_STORE = "gate-pending-requests";
    /** Stage 1: the offset of the last contact event folded, per contact-events partition; in memory with a changelog. */
    public static final String CONTACT_EVENTS_POSITIONS_STORE = "gate-contact-events-positions";
    /** Stage 1: request ids decided within the duplicate retention, per contact. */
    public static final String REQUEST_IDS_STORE = "gate-request-ids";
    /** Stage 1: requests passing the fence of another identity of their person, by arrival sequence; in memory with a changelog. */
    public static final String PENDING_VISITS_STORE = "gate-pending-identity-visits";
    /** Stage 1: per request to a person with linked phone numbers, how many of their fences it has still to pass. */
    public static final String IDENTITY_VISITS_STORE = "gate-identity-visits";
    /** Stage 2: each business's unique contacts counted in the moving 24 h, one record per contact plus a time index (QuotaStoreKeys). */
    public static final String QUOTA_STORE = "gate-business-quota";
    /** Global: sender, template and messaging-limit states, folded from business-events. */
    public static final String BUSINESS_STATE_STORE = "gate-business-state";
    /** Requests whose key is not canonical, re-keyed (topic {@code <application.id>-send-gate-requests-rekeyed-repartition}). */
    public static final String REKEYED_REPARTITION = "send-gate-requests-rekeyed";
    /** Contact events read off their key's home partition, rerouted there (topic {@code <application.id>-send-gate-contact-events-rerouted-repartition}). */
    public static final String CONTACT_EVENTS_REROUTED = "send-gate-contact-events-rerouted";
    /** Requests on their way to pass another identity's fence (topic {@code <application.id>-send-gate-identity-visits-repartition}). */
    public static final String IDENTITY_VISITS = "send-gate-identity-visits";
    /** Facts and requests of a linked identity, sent on to its person (topic {@code <application.id>-send-gate-to-person-repartition}). */
    public static final String TO_PERSON = "send-gate-to-person";
    /** Approvals that count toward the messaging limit, keyed by business (topic {@code <application.id>-send-gate-quota-requests-repartition}). */
    public static final String QUOTA_REPARTITION = "send-gate-quota-requests";

    public static final String CONTACT_EVENTS_SOURCE = "contact-events-source";
    public static final String REQUESTS_SOURCE = "outbound-requests-source";
    public static final String BUSINESS_EVENTS_SOURCE = "business-events-source";
    public static final String CONTACT_EVENT_PROCESSOR = "fold-contact-events";
    public static final String REQUEST_PROCESSOR = "decide-requests";
    public static final String QUOTA_PROCESSOR = "admit-to-quota";
    public static final String BUSINESS_EVENT_PROCESSOR = "fold-business-events";

    /** A window, not a point: the request-id store keeps an entry per id for the retention, segmented by this size. */
    private static final Duration REQUEST_ID_WINDOW = Duration.ofMillis(1);

    private GateTopology() {
    }

    /**
     * @param endOffsets      where the request processor gets its fetch fences from (an Admin client in the service, a fake in tests)
     * @param partitionCounts the partition counts of contact-events and outbound-requests, for each key's home partition
     */
    public static Topology build(GateSettings settings, BusinessPolicies policies, Clock clock, ContractSerdes serdes,
                                 ContactEventsEndOffsets endOffsets, HomePartitions.PartitionCounts partitionCounts, GateObserver observer) {
        StreamsBuilder builder = new StreamsBuilder();
        Serde<String> keys = serdes.key();
        Serde<SendRequest> requestSerde = serdes.value(Topics.OUTBOUND_REQUESTS);
        ContactFactsFold fold = new ContactFactsFold(policies, settings.erasureHasher());
        // The three processors that read and write a task's contact states share the task's erased keys.
        ErasedContactKeys.PerTask contactStates = new ErasedContactKeys.PerTask(settings.erasureHasher());

        // No record cache: a contact rarely changes twice within a commit interval, and the cache's sorted map was
        // 19% of the stream thread in the end-to-end profile (docs/decisions.md, "What limits the gate").
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CONTACT_STATE_STORE), keys, serdes.value(Topics.CONSENT_STATE)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(PENDING_REQUESTS_STORE), Serdes.Long(),
                PendingRequest.serde(requestSerde)).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(CONTACT_EVENTS_POSITIONS_STORE), Serdes.Integer(), Serdes.Long())
                .withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(CONTACT_EVENTS_REROUTED_POSITIONS_STORE), Serdes.Integer(), Serdes.Long())
                .withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(PENDING_VISITS_STORE), Serdes.Long(),
                PendingRequest.serde(requestSerde)).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(IDENTITY_VISITS_STORE), keys, Serdes.Integer()));
        builder.addStateStore(Stores.windowStoreBuilder(
                Stores.persistentWindowStore(REQUEST_IDS_STORE, settings.duplicateRetention(), REQUEST_ID_WINDOW, false), keys, Serdes.Long()));
        // Keys are bytes (QuotaStoreKeys): a business's summary, each counted contact and a time index; old stores still hold
        // a business's whole count under its id as a string, which reads the same as bytes and is migrated on first use.
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(QUOTA_STORE), Serdes.Bytes(), Serdes.ByteArray()));
        builder.addGlobalStore(businessStateStore(), Topics.BUSINESS_EVENTS.name(),
                Consumed.with(keys, serdes.value(Topics.BUSINESS_EVENTS)).withName(BUSINESS_EVENTS_SOURCE),
                () -> new BusinessEventProcessor(observer));

        Serde<ContactEvent> eventSerde = serdes.value(Topics.CONTACT_EVENTS);
        KStream<String, ContactEvent> contactEvents = builder.stream(Topics.CONTACT_EVENTS.name(), Consumed.with(keys, eventSerde).withName(CONTACT_EVENTS_SOURCE))
                .processValues(ContactEventsReadStep::new, Named.as("note-contact-events-read"), CONTACT_EVENTS_POSITIONS_STORE);
        Serde<PersonHop> hopSerde = PersonHop.serde(eventSerde, serdes.value(Topics.CONSENT_STATE), requestSerde);
        KStream<String, PersonHop> sentOnByAliases = ToHomePartitions.of(contactEvents, Topics.CONTACT_EVENTS.name(), CONTACT_EVENTS_REROUTED,
                        partitionCounts, keys, eventSerde, observer::misrouted)
                .process(() -> new ContactEventProcessor(fold, observer, contactStates), Named.as(CONTACT_EVENT_PROCESSOR),
                        CONTACT_STATE_STORE, CONTACT_EVENTS_REROUTED_POSITIONS_STORE);

        Map<String, KStream<String, RequestRoutes.Routed>> routes = builder.stream(Topics.OUTBOUND_REQUESTS.name(),
                        Consumed.with(keys, requestSerde).withName(REQUESTS_SOURCE).withTimestampExtractor(new UsePartitionTimeOnInvalidTimestamp()))
                .processValues(() -> new RequestRoutes(policies, partitionCounts, observer), Named.as("route-requests"))
                .split(Named.as("requests-"))
                .branch((key, routed) -> routed.route() == RequestRoutes.Route.EMPTY, Branched.withConsumer(empty -> empty.foreach(
                        (key, request) -> observer.skipped(Topics.OUTBOUND_REQUESTS.name(), "a request without a value (a tombstone) cannot be decided"),
                        Named.as("skip-empty-requests")), "empty"))
                .branch((key, routed) -> routed.route() == RequestRoutes.Route.DECIDE_HERE, Branched.as("canonical"))
                .branch((key, routed) -> routed.route() == RequestRoutes.Route.UNROUTABLE, Branched.as("unroutable"))
                .defaultBranch(Branched.as("to-rekey"));
        Map<String, KStream<String, SendRequest>> requests = new HashMap<>();
        routes.forEach((name, routed) -> requests.put(name, routed.mapValues(RequestRoutes.Routed::request, Named.as(name + "-request"))));

        KStream<String, SendRequest> rekeyed = requests.get("requests-to-rekey")
                .selectKey((key, request) -> RequestKeys.canonicalKey(request, policies).toString(), Named.as("rekey-requests"))
                .repartition(Repartitioned.with(keys, requestSerde).withName(REKEYED_REPARTITION));
        Map<String, KStream<String, Object>> decidedOrSentOn = requests.get("requests-canonical")
                .merge(rekeyed, Named.as("canonical-requests"))
                .process(() -> new SendRequestProcessor(settings, policies, fold, clock, endOffsets, observer, contactStates), Named.as(REQUEST_PROCESSOR),
                        CONTACT_STATE_STORE, REQUEST_IDS_STORE, PENDING_REQUESTS_STORE, CONTACT_EVENTS_POSITIONS_STORE, CONTACT_EVENTS_REROUTED_POSITIONS_STORE,
                        IDENTITY_VISITS_STORE)
                .split(Named.as("request-"))
                .branch((key, out) -> out instanceof PersonHop, Branched.as("to-identity"))
                .defaultBranch(Branched.as("decided"));
        // One person, two identities (docs/identity.md): a request passes the fence of each identity on that identity's
        // partition, then reaches the person behind everything the identity sent on before it.
        KStream<String, PersonHop> passedFences = decidedOrSentOn.get("request-to-identity")
                .mapValues(out -> (PersonHop) out, Named.as("request-as-visit"))
                .repartition(Repartitioned.with(keys, hopSerde).withName(IDENTITY_VISITS))
                .process(() -> new IdentityFenceProcessor(settings, endOffsets, observer), Named.as("pass-identity-fence"),
                        PENDING_VISITS_STORE, CONTACT_EVENTS_POSITIONS_STORE, CONTACT_EVENTS_REROUTED_POSITIONS_STORE);
        KStream<String, GateDecision> decidedAsPerson = sentOnByAliases
                .merge(passedFences, Named.as("to-person"))
                .repartition(Repartitioned.with(keys, hopSerde).withName(TO_PERSON))
                .process(() -> new PersonProcessor(settings, policies, fold, clock, observer, contactStates), Named.as("fold-and-decide-as-person"),
                        CONTACT_STATE_STORE, REQUEST_IDS_STORE, IDENTITY_VISITS_STORE);
        KStream<String, GateDecision> decided = decidedOrSentOn.get("request-decided")
                .mapValues(out -> (GateDecision) out, Named.as("request-decision"))
                .merge(decidedAsPerson, Named.as("decided-here-or-as-person"));
        KStream<String, GateDecision> invalid = requests.get("requests-unroutable")
                .processValues(() -> new UnroutableRequestProcessor(policies, clock), Named.as("decide-unroutable-requests"));

        Map<String, KStream<String, GateDecision>> stage1 = decided.merge(invalid, Named.as("stage-1-decisions"))
                .split(Named.as("stage-1-"))
                .branch((key, decision) -> decision.awaitsQuota(), Branched.as("pending-quota"))
                .defaultBranch(Branched.as("final"));
        write(stage1.get("stage-1-final"), "stage-1", serdes, clock, observer);

        KStream<String, GateDecision> afterQuota = stage1.get("stage-1-pending-quota")
                .map((key, pending) -> KeyValue.pair(pending.request().getBusinessId(),
                                DecisionRecords.pendingApproval(pending.request(), (Decision.Approved) pending.decision())),
                        Named.as("key-by-business"))
                .repartition(Repartitioned.with(keys, serdes.value(Topics.APPROVED_SENDS)).withName(QUOTA_REPARTITION))
                .process(() -> new BusinessQuotaProcessor(clock, observer), Named.as(QUOTA_PROCESSOR), QUOTA_STORE);
        write(afterQuota, "stage-2", serdes, clock, observer);

        return builder.build();
    }

    /** Each stage writes its own final decisions, so the two stages stay separate sub-topologies (and tasks). */
    private static void write(KStream<String, GateDecision> decisions, String stage, ContractSerdes serdes, Clock clock, GateObserver observer) {
        Map<String, KStream<String, GateDecision>> byOutcome = decisions
                .peek((key, decision) -> observer.decided(decision, clock.millis() - decision.requestTimestamp()), Named.as(stage + "-observe"))
                .split(Named.as(stage + "-outcome-"))
                .branch((key, decision) -> decision.decision() instanceof Decision.Approved, Branched.as("approved"))
                .defaultBranch(Branched.as("rejected"));
        byOutcome.get(stage + "-outcome-approved")
                .mapValues(decision -> DecisionRecords.approvedSend(decision.request(), (Decision.Approved) decision.decision()),
                        Named.as(stage + "-to-approved-send"))
                .to(Topics.APPROVED_SENDS.name(), Produced.with(serdes.key(), serdes.value(Topics.APPROVED_SENDS)).withName(stage + "-approved-sends"));
        byOutcome.get(stage + "-outcome-rejected")
                .mapValues(decision -> DecisionRecords.sendRejection(decision.request(), (Decision.Rejected) decision.decision()),
                        Named.as(stage + "-to-send-rejection"))
                .to(Topics.SEND_REJECTIONS.name(), Produced.with(serdes.key(), serdes.value(Topics.SEND_REJECTIONS)).withName(stage + "-send-rejections"));
    }

    /** A global store is restored from its topic through its processor, so it keeps no changelog of its own. */
    private static StoreBuilder<KeyValueStore<String, byte[]>> businessStateStore() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(BUSINESS_STATE_STORE), Serdes.String(), Serdes.ByteArray())
                .withLoggingDisabled();
    }
}
