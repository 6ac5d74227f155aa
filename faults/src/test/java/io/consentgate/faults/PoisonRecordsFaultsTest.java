package io.consentgate.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.consentgate.avro.BusinessEvent;
import io.consentgate.avro.ContactEvent;
import io.consentgate.avro.SendRequest;
import io.consentgate.faults.DeadLetterReader.DeadLetter;
import io.consentgate.faults.PoisonRecords.Kind;
import io.consentgate.schemas.ContactKey;
import io.consentgate.schemas.Topic;
import io.consentgate.schemas.Topics;
import io.consentgate.testing.ServiceProcess;
import io.consentgate.testing.TopicClients;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

/**
 * Poison records on every input topic. The gate reads contact-events, outbound-requests and business-events (a
 * global store); the projector reads contact-events, approved-sends and send-rejections (consent-events reads no
 * topic). Both services run from their jars; every input topic gets each {@link Kind} of poison, each followed by a
 * good record. Then: every poison record is on {@code <topic>-dlt} exactly once per service that reads the topic,
 * with its reason headers and its bytes untouched, and every good record written after the poison was processed —
 * send requests decided (an opt-in written after poison shows in the decision), contact events and decisions
 * visible in the projector's API, business facts folded (the gate's explain endpoint sees the template approved).
 */
class PoisonRecordsFaultsTest {

    private static final String SCENARIO = "poison-records";
    private static final String GATE = "send-gate";
    private static final String PROJECTOR = "consent-projector";
    /** Who reads each input topic: the dead letters' {@code dlt.service} (the application id). */
    private static final Map<Topic<?>, List<String>> READERS = readers();
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(120);
    /** How long a service may stay not ready before the scenario stops waiting for it. */
    private static final Duration UNREADY_GRACE = Duration.ofSeconds(20);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Pattern RULE = Pattern.compile("\"rule\"\\s*:\\s*\"([A-Z_]+)\"");

    /** A poison record as written: where it landed and its exact bytes. */
    private record Written(Topic<?> topic, Kind kind, int partition, long offset, byte[] key, byte[] value) {
    }

    /** What the scenario wrote and expects: the poison, and the good records' effects. */
    private static final class Expected {
        final List<Written> poison = new ArrayList<>();
        final Map<String, Boolean> goodRequests = new LinkedHashMap<>();    // request id → approved expected
        final Map<String, Set<String>> projectorDecisions = new HashMap<>(); // contact → request ids it must show
        final Set<String> goodContacts = new LinkedHashSet<>();
        final Set<String> goodTemplates = new LinkedHashSet<>();
        int nextContact = 2;

        int goodRecords() {
            return goodRequests.size() + goodContacts.size() + goodTemplates.size() + projectorDecisions.values().stream().mapToInt(Set::size).sum();
        }
    }

    @Test
    void shouldDeadLetterEveryPoisonRecordOnceAndProcessTheGoodOnesAfterIt() throws Exception {
        int rounds = FaultsForm.pick(1, 4);
        Random random = new Random(20261122L);
        try (FaultStack stack = FaultStack.start(SCENARIO, 2)) {
            ServiceProcess gate = stack.gate("gate", Map.of());
            ServiceProcess projector = stack.projector("projector", Map.of());
            gate.start();
            projector.start();
            gate.awaitReady();
            projector.awaitReady();
            long started = System.nanoTime();
            Instant at = Instant.now();
            String optedIn = contact(0);
            Expected expected = new Expected();
            Set<String> phase1Goods = new LinkedHashSet<>();
            Set<String> phase1Missing = new LinkedHashSet<>();
            try (Producer<byte[], byte[]> raw = DeadLetterReader.rawProducer(stack.bootstrapServers());
                 var contacts = TopicClients.producer(stack.bootstrapServers(), Topics.CONTACT_EVENTS, stack.registry());
                 var business = TopicClients.producer(stack.bootstrapServers(), Topics.BUSINESS_EVENTS, stack.registry());
                 var requests = TopicClients.producer(stack.bootstrapServers(), Topics.OUTBOUND_REQUESTS, stack.registry())) {
                Writer writer = new Writer(stack, raw, contacts, business, requests, random, at, expected);
                for (var event : HealthyBusiness.facts(PoisonRecords.UTILITY_TEMPLATE, at)) {
                    business.send(new ProducerRecord<>(Topics.BUSINESS_EVENTS.name(), FaultStack.BUSINESS, event)).get();
                }
                contacts.send(new ProducerRecord<>(Topics.CONTACT_EVENTS.name(), key(optedIn), PoisonRecords.optIn("evt-seed", optedIn, at))).get();

                // Phase 1: every kind of poison a deserializer can refuse. Phase 2, once phase 1 has settled: the length
                // bombs, which reach the deserializer's allocation (so that a service they kill does not hide phase 1's figures).
                List<Kind> refusable = Arrays.stream(Kind.values()).filter(kind -> kind != Kind.LENGTH_BOMB).toList();
                for (int round = 0; round < rounds; round++) {
                    for (Kind kind : refusable) {
                        writer.poisonEveryTopic(round, kind);
                    }
                }
                System.out.println("[faults] " + SCENARIO + ": phase 1, " + expected.poison.size() + " poison records and "
                        + expected.goodRecords() + " good ones written; waiting for the dead letters and the good records' effects");
                Outcome phase1 = settle(stack, gate, projector, expected, optedIn);
                phase1Goods.addAll(goodKeys(expected));
                phase1Missing.addAll(phase1.missingGood().stream().map(PoisonRecordsFaultsTest::goodKey).toList());
                for (int round = 0; round < rounds; round++) {
                    writer.poisonEveryTopic(round, Kind.LENGTH_BOMB);
                }
                System.out.println("[faults] " + SCENARIO + ": phase 1 " + (phase1.complete() ? "settled" : "did NOT settle")
                        + "; phase 2, length bombs written, " + expected.poison.size() + " poison records in all");
            }
            Outcome outcome = settle(stack, gate, projector, expected, optedIn);
            // A good record seen processed when phase 1 settled stays processed, also if a length bomb took the service
            // (and its API) down afterwards: only what was never seen counts as lost.
            List<String> neverSeen = outcome.missingGood().stream().filter(missing -> phase1Missing.contains(goodKey(missing))
                    || !phase1Goods.contains(goodKey(missing))).toList();
            outcome = outcome.withMissingGood(neverSeen);
            double seconds = (System.nanoTime() - started) / 1e9;

            boolean alive = gate.isAlive() && projector.isAlive() && ready(gate) && ready(projector);
            long requestsCount = expected.poison.stream().mapToLong(p -> READERS.get(p.topic()).size()).sum();
            int goodRecords = expected.goodRecords();
            Map<String, Number> figures = new LinkedHashMap<>();
            figures.put("poison_records", expected.poison.size());
            figures.put("dead_letters_send_gate", outcome.deadLettersBy(GATE));
            figures.put("dead_letters_projector", outcome.deadLettersBy(PROJECTOR));
            figures.put("good_records", goodRecords);
            figures.put("good_records_processed", goodRecords - outcome.goodMissing());
            figures.put("length_bombs_not_dead_lettered", outcome.missingPoison().stream().filter(m -> m.endsWith(":" + Kind.LENGTH_BOMB)).count());
            ScenarioResult result = FaultsReport.record(ScenarioResult.of(SCENARIO, 0, seconds, expected.poison.size(), requestsCount,
                    outcome.deadLetters(), outcome.poisonMissing() + outcome.goodMissing(), outcome.duplicated(), outcome.wrong(), alive, figures,
                    "poison = " + Kind.values().length + " kinds × " + READERS.size() + " input topics × " + rounds
                            + " round(s); requests = poison × services reading the topic; both services "
                            + (alive ? "alive and ready" : "NOT alive and ready") + " at the end"));
            assertThat(result.passed())
                    .as("poison records: %d of %d (record, service) pairs not dead-lettered %s, %d good records not processed %s, "
                                    + "%d duplicated, %d wrong dead letters %s, services alive and ready: %s (logs in %s)",
                            outcome.poisonMissing(), requestsCount, FirstFew.of(outcome.missingPoison()), outcome.goodMissing(), FirstFew.of(outcome.missingGood()),
                            outcome.duplicated(), outcome.wrong(), FirstFew.of(outcome.wrongDetails()), alive, stack.folder())
                    .isTrue();
        }
    }

    /** Writes one kind of poison on every input topic, each followed by a good record whose effect is checked later. */
    private record Writer(FaultStack stack, Producer<byte[], byte[]> raw, Producer<String, ContactEvent> contacts,
                          Producer<String, BusinessEvent> business, Producer<String, SendRequest> requests,
                          Random random, Instant at, Expected expected) {

        void poisonEveryTopic(int round, Kind kind) throws InterruptedException, ExecutionException {
            String optedIn = contact(0);
            String neverOptedIn = contact(1);
            for (Topic<?> topic : READERS.keySet()) {
                String poisonContact = contact(expected.nextContact++);
                byte[] key = (topic == Topics.BUSINESS_EVENTS ? FaultStack.BUSINESS : key(poisonContact)).getBytes(StandardCharsets.UTF_8);
                byte[] value = PoisonRecords.sampleFor(topic, poisonContact, at).poison(kind, stack.registry(), random);
                RecordMetadata landed = raw.send(new ProducerRecord<>(topic.name(), key, value)).get();
                expected.poison.add(new Written(topic, kind, landed.partition(), landed.offset(), key, value));

                // The good record after it, on the same topic (or, for the gate's outputs, caused on it by the gate).
                String requestId = "good-" + round + "-" + kind + "-" + topic.name();
                if (topic == Topics.CONTACT_EVENTS) {
                    String contact = contact(expected.nextContact++);
                    contacts.send(new ProducerRecord<>(topic.name(), key(contact), PoisonRecords.optIn("evt-" + requestId, contact, at))).get();
                    send(PoisonRecords.utilityTemplate(requestId, contact, PoisonRecords.UTILITY_TEMPLATE, Instant.now()));
                    expected.goodContacts.add(contact);
                    expected.goodRequests.put(requestId, true);
                    expected.projectorDecisions.computeIfAbsent(contact, c -> new LinkedHashSet<>()).add(requestId);
                } else if (topic == Topics.BUSINESS_EVENTS) {
                    String template = "faults_after_poison_" + expected.goodTemplates.size();
                    business.send(new ProducerRecord<>(topic.name(), FaultStack.BUSINESS, HealthyBusiness.templateApproved(template, at))).get();
                    expected.goodTemplates.add(template);
                } else if (topic == Topics.SEND_REJECTIONS) {
                    send(PoisonRecords.utilityTemplate(requestId, neverOptedIn, PoisonRecords.UTILITY_TEMPLATE, Instant.now()));
                    expected.goodRequests.put(requestId, false);
                    expected.projectorDecisions.computeIfAbsent(neverOptedIn, c -> new LinkedHashSet<>()).add(requestId);
                } else {
                    send(PoisonRecords.utilityTemplate(requestId, optedIn, PoisonRecords.UTILITY_TEMPLATE, Instant.now()));
                    expected.goodRequests.put(requestId, true);
                    expected.projectorDecisions.computeIfAbsent(optedIn, c -> new LinkedHashSet<>()).add(requestId);
                }
            }
        }

        private void send(SendRequest request) throws InterruptedException, ExecutionException {
            requests.send(new ProducerRecord<>(Topics.OUTBOUND_REQUESTS.name(), key(request.getContact()), request)).get();
        }
    }

    /** Waits until everything expected is seen, or the timeout (sooner when a service is no longer ready); then counts once more. */
    private static Outcome settle(FaultStack stack, ServiceProcess gate, ServiceProcess projector, Expected expected, String optedIn)
            throws InterruptedException {
        Outcome outcome;
        long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
        long unreadySince = 0;
        do {
            Thread.sleep(1_000);
            outcome = measure(stack, gate, projector, expected, optedIn);
            boolean ready = ready(gate) && ready(projector);
            unreadySince = ready ? 0 : unreadySince == 0 ? System.nanoTime() : unreadySince;
            if (unreadySince != 0 && System.nanoTime() - unreadySince > UNREADY_GRACE.toNanos()) {
                break; // a service is down for good: nothing more will come
            }
        } while (!outcome.complete() && System.nanoTime() < deadline);
        Thread.sleep(2_000); // a dead letter written twice would show by now
        return measure(stack, gate, projector, expected, optedIn);
    }

    /** What was found: dead letters against the poison written, and the good records' effects. */
    private record Outcome(long deadLetters, Map<String, Long> byService, long poisonMissing, long duplicated, long wrong, long goodMissing,
                           List<String> missingPoison, List<String> missingGood, List<String> wrongDetails) {

        boolean complete() {
            return poisonMissing == 0 && goodMissing == 0;
        }

        long deadLettersBy(String service) {
            return byService.getOrDefault(service, 0L);
        }

        Outcome withMissingGood(List<String> missing) {
            return new Outcome(deadLetters, byService, poisonMissing, duplicated, wrong, missing.size(), missingPoison, missing, wrongDetails);
        }
    }

    private static Outcome measure(FaultStack stack, ServiceProcess gate, ServiceProcess projector, Expected expected, String optedIn) {
        List<Written> poison = expected.poison;
        // Dead letters, by (service, topic, partition, offset).
        Map<String, List<DeadLetter>> found = new HashMap<>();
        Map<String, Long> byService = new HashMap<>();
        long total = 0;
        for (Topic<?> topic : READERS.keySet()) {
            for (DeadLetter letter : DeadLetterReader.deadLetters(stack.bootstrapServers(), topic.deadLetterTopic())) {
                found.computeIfAbsent(letter.service() + "@" + letter.topic() + "-" + letter.partition() + "@" + letter.offset(), k -> new ArrayList<>()).add(letter);
                byService.merge(String.valueOf(letter.service()), 1L, Long::sum);
                total++;
            }
        }
        long missing = 0;
        long duplicated = 0;
        long wrong = 0;
        List<String> missingPoison = new ArrayList<>();
        List<String> wrongDetails = new ArrayList<>();
        Set<String> expectedLetters = new LinkedHashSet<>();
        for (Written written : poison) {
            for (String service : READERS.get(written.topic())) {
                String id = service + "@" + written.topic().name() + "-" + written.partition() + "@" + written.offset();
                expectedLetters.add(id);
                List<DeadLetter> letters = found.getOrDefault(id, List.of());
                if (letters.isEmpty()) {
                    missing++;
                    missingPoison.add(service + ":" + written.topic().name() + ":" + written.kind());
                    continue;
                }
                duplicated += letters.size() - 1;
                for (DeadLetter letter : letters) {
                    boolean untouched = Arrays.equals(letter.key(), written.key()) && Arrays.equals(letter.value(), written.value());
                    boolean explained = letter.reason() != null && !letter.reason().isBlank();
                    if (!untouched || !explained) {
                        wrong++;
                        wrongDetails.add(id + (untouched ? "" : " bytes altered") + (explained ? "" : " no reason"));
                    }
                }
            }
        }
        for (Map.Entry<String, List<DeadLetter>> entry : found.entrySet()) {
            if (!expectedLetters.contains(entry.getKey())) {
                wrong += entry.getValue().size(); // a good record parked, or headers that point nowhere
                wrongDetails.add("unexpected dead letter " + entry.getKey());
            }
        }

        // The good records' effects.
        List<String> missingGood = new ArrayList<>();
        Map<String, Boolean> decided = decisions(stack);
        expected.goodRequests.forEach((requestId, approved) -> {
            Boolean outcome = decided.get(requestId);
            if (outcome == null || outcome != approved) {
                missingGood.add("request " + requestId + ": " + (outcome == null ? "undecided" : approved ? "not approved" : "not rejected"));
            }
        });
        for (String contact : expected.goodContacts) {
            if (get(projector, "/v1/businesses/" + FaultStack.BUSINESS + "/contacts/" + encode(contact)).statusCode() != 200) {
                missingGood.add("state " + contact + ": not in the projector");
            }
        }
        expected.projectorDecisions.forEach((contact, ids) -> {
            String body = get(projector, "/v1/businesses/" + FaultStack.BUSINESS + "/contacts/" + encode(contact) + "/decisions?limit=1000").body();
            ids.stream().filter(id -> !body.contains("\"" + id + "\"")).forEach(id -> missingGood.add("decision " + id + ": not in the projector"));
        });
        for (String template : expected.goodTemplates) {
            String rule = explainRule(gate, template, optedIn);
            if (rule == null || rule.equals("TEMPLATE_NOT_APPROVED")) {
                missingGood.add("template " + template + ": not folded by the gate (" + rule + ")");
            }
        }
        return new Outcome(total, byService, missing, duplicated, wrong, missingGood.size(), missingPoison, missingGood, wrongDetails);
    }

    /** request id → approved (true) or rejected (false), from the gate's two output topics; records that do not decode are skipped. */
    private static Map<String, Boolean> decisions(FaultStack stack) {
        Map<String, Boolean> decided = new HashMap<>();
        DecisionDecoder decoder = new DecisionDecoder(stack.registry());
        for (String topic : DecisionDecoder.TOPICS) {
            for (ConsumerRecord<byte[], byte[]> record : TopicReader.readAllRaw(stack.bootstrapServers(), topic, Duration.ofSeconds(30))) {
                try {
                    DecisionLog.Decided decision = decoder.decode(record);
                    decided.put(decision.requestId(), decision.approved());
                } catch (RuntimeException poison) {
                    // our own poison on the topic
                }
            }
        }
        return decided;
    }

    /** The rule the gate would apply now to a UTILITY template of {@code template} to {@code contact}, or null when it does not answer. */
    private static String explainRule(ServiceProcess gate, String template, String contact) {
        String body = """
                {"requestId":"explain-%s","businessId":"%s","senderId":"%s","contact":"%s","kind":"TEMPLATE",
                 "template":{"name":"%s","language":"%s","category":"UTILITY"}}""".formatted(template, FaultStack.BUSINESS,
                FaultStack.SENDER, contact, template, PoisonRecords.LANGUAGE);
        HttpResponse<String> response = call(ServiceHttp.withKey(gate.baseUrl() + "/v1/decisions/explain")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        Matcher rule = RULE.matcher(response.body());
        return response.statusCode() == 200 && rule.find() ? rule.group(1) : null;
    }

    private static HttpResponse<String> get(ServiceProcess service, String path) {
        return call(ServiceHttp.withKey(service.baseUrl() + path).GET());
    }

    /** A failed call (a dead service) answers as a 599 with no body, so that it counts as "not seen". */
    private static HttpResponse<String> call(HttpRequest.Builder request) {
        return ServiceHttp.answerOrNone(HTTP, request.timeout(Duration.ofSeconds(5)).build());
    }

    private static boolean ready(ServiceProcess service) {
        return call(HttpRequest.newBuilder(URI.create(service.baseUrl() + "/actuator/health/readiness")).GET()).statusCode() == 200;
    }

    /** Every good record's key, as {@link #measure} names a missing one ("request good-0-…", "state +34…", …). */
    private static Set<String> goodKeys(Expected expected) {
        Set<String> keys = new LinkedHashSet<>();
        expected.goodRequests.keySet().forEach(id -> keys.add("request " + id));
        expected.goodContacts.forEach(contact -> keys.add("state " + contact));
        expected.projectorDecisions.values().forEach(ids -> ids.forEach(id -> keys.add("decision " + id)));
        expected.goodTemplates.forEach(template -> keys.add("template " + template));
        return keys;
    }

    private static String goodKey(String missing) {
        return missing.substring(0, missing.indexOf(':'));
    }

    /** A valid Spanish mobile per index, canonical E.164. */
    private static String contact(int index) {
        return "+3461" + String.format("%07d", index);
    }

    private static String key(String contact) {
        return new ContactKey(FaultStack.BUSINESS, contact).toString();
    }

    private static String encode(String contact) {
        return URLEncoder.encode(contact, StandardCharsets.UTF_8);
    }

    private static Map<Topic<?>, List<String>> readers() {
        Map<Topic<?>, List<String>> readers = new LinkedHashMap<>();
        readers.put(Topics.CONTACT_EVENTS, List.of(GATE, PROJECTOR));
        readers.put(Topics.BUSINESS_EVENTS, List.of(GATE));
        readers.put(Topics.OUTBOUND_REQUESTS, List.of(GATE));
        readers.put(Topics.APPROVED_SENDS, List.of(PROJECTOR));
        readers.put(Topics.SEND_REJECTIONS, List.of(PROJECTOR));
        return readers;
    }
}
