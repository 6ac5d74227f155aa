package io.consentgate.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.consentgate.avro.RejectionReason;
import io.consentgate.schemas.Topic;
import io.consentgate.schemas.Topics;
import io.consentgate.support.streams.ToHomePartitions;
import io.consentgate.testing.LibrdkafkaProducer;
import io.consentgate.testing.ServiceProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * "Mixed producers": one gate under a steady load in which the events of half the contacts and half the requests are
 * written by librdkafka with its default partitioner (CRC32 of the key, as kcat, Python, Go and .NET clients write),
 * the rest by Java's (murmur2). The misrouted records are this scenario's fault: the gate must reroute each to its
 * key's home partition. Afterwards every request must have exactly one decision, each one the core gives on the
 * contact's history ({@link DecisionOracle}), where a misrouted event counts as acknowledged from the moment its
 * rerouted copy can be read (the guarantee for such events, docs/ordering.md). Then a sample of requests is sent again
 * through the other producer: each retry must be decided DUPLICATE_REQUEST, once.
 */
class MixedProducerFaultsTest {

    private static final String SCENARIO = "mixed-producers";
    private static final int PARTITIONS = 3;
    /** The gate's application id and the name of its rerouted contact events (send-gate's settings and GateTopology). */
    private static final String GATE_APPLICATION_ID = "send-gate";
    private static final String GATE_REROUTED = "send-gate-contact-events-rerouted";
    private static final int RETRY_EVERY = 20;
    private static final Duration DECIDED_WITHIN = Duration.ofSeconds(120);

    @Test
    void everyRequestIsDecidedOnceAndRightWhicheverPartitionerWroteIt() throws Exception {
        assumeTrue(LibrdkafkaProducer.available(), LibrdkafkaProducer.MISSING);
        int rate = FaultsForm.pick(100, 200);
        Duration duration = FaultsForm.pick(Duration.ofSeconds(30), Duration.ofMinutes(5));

        try (FaultStack stack = FaultStack.start(SCENARIO, PARTITIONS);
             LibrdkafkaLoad librdkafka = new LibrdkafkaLoad(stack.bootstrapServers(), stack.registry(), PARTITIONS);
             GateLoad gateLoad = GateLoad.over(stack, FaultsForm.pick(2_000, 20_000))) {
            SendLoad load = gateLoad.load().mixed(librdkafka);
            gateLoad.prepare();
            DecisionLog decisions = gateLoad.decisions();
            ServiceProcess gate = stack.gate("gate-1", GateInstance.settings("gate-1")).startReady();
            librdkafka.followRerouted(ToHomePartitions.reroutedTopic(GATE_APPLICATION_ID, GATE_REROUTED));

            GateLoad.WarmUp warmUp = gateLoad.warmUp();
            // The histories written by librdkafka count as acknowledged once rerouted: before the load's first request.
            librdkafka.awaitRerouted(null, DECIDED_WITHIN);
            Thread loadThread = load.startSteady(rate, duration);
            GateLoad.Settled settled = gateLoad.settle(loadThread, stack);
            List<String> requestIds = settled.requestIds();
            DecisionLog.Counts counts = settled.counts();
            DecisionOracle.Verdict verdict = settled.verdict();

            Retries retries = retryAcrossProducers(load, decisions);
            double gateMisroutedEvents = misrouted(gate, Topics.CONTACT_EVENTS);
            double gateMisroutedRequests = misrouted(gate, Topics.OUTBOUND_REQUESTS);

            Map<String, Number> figures = new LinkedHashMap<>();
            figures.put("warm_up_s", warmUp.seconds());
            figures.put("load_s", (load.endedAtMs() - load.startedAtMs()) / 1000.0);
            figures.put("requests_via_librdkafka", load.requestsViaLibrdkafka());
            figures.put("misrouted_requests_written", librdkafka.misroutedRequests());
            figures.put("misrouted_events_written", librdkafka.misroutedEvents());
            figures.put("gate_misrouted_requests", gateMisroutedRequests);
            figures.put("gate_misrouted_contact_events", gateMisroutedEvents);
            figures.put("consent_changes", load.changes());
            figures.put("retries_across_producers", retries.sent());
            figures.put("retries_duplicate_request", retries.right());
            figures.put("stall_max_s", DecisionTimes.longestGapS(load, decisions));
            figures.put("longest_wait_s", DecisionTimes.longestWaitS(load, decisions));
            long misroutedWritten = librdkafka.misroutedRequests() + librdkafka.misroutedEvents();
            boolean misroutedSeen = librdkafka.misroutedRequests() > 0 && librdkafka.misroutedEvents() > 0
                    && gateMisroutedRequests > 0 && gateMisroutedEvents > 0;
            ScenarioResult result = FaultsReport.record(ScenarioResult.of(SCENARIO, rate, duration.toSeconds(), (int) misroutedWritten,
                    requestIds.size(), counts.decisions(), counts.lost(), counts.duplicated(), verdict.wrong() + retries.wrong(),
                    warmUp.decided() && settled.allDecided() && retries.allDecided() && misroutedSeen, figures,
                    "one gate; half the contacts' events and half the requests through librdkafka's CRC32 partitioner;"
                            + " faults = records written off their home partition; wrong includes retries not decided DUPLICATE_REQUEST"));
            assertThat(result.passed()).as("mixed producers: %d requests, %d decisions, lost %d %s, duplicated %d %s, wrong %d %s;"
                            + " retries not DUPLICATE_REQUEST once: %d %s; warm-up decided: %s; every request decided in time: %s;"
                            + " misrouted written and counted by the gate: %s; figures %s",
                    requestIds.size(), counts.decisions(), counts.lost(), counts.firstLost(), counts.duplicated(), counts.firstDuplicated(),
                    verdict.wrong(), verdict.firstWrong(), retries.wrong(), retries.firstWrong(), warmUp.decided(), settled.allDecided(),
                    misroutedSeen, figures).isTrue();
        }
    }

    /** Retries sent, those decided right (the first decision kept, one DUPLICATE_REQUEST after), and whether all were decided. */
    private record Retries(long sent, long right, boolean allDecided, List<String> firstWrong) {

        long wrong() {
            return sent - right;
        }
    }

    /** Every {@value #RETRY_EVERY}th request of the load sent again with its id through the producer it did not go through. */
    private static Retries retryAcrossProducers(SendLoad load, DecisionLog decisions) throws InterruptedException {
        List<SendLoad.Sent> retried = load.sent().stream().filter(sent -> Integer.parseInt(sent.requestId.substring(4)) % RETRY_EVERY == 0)
                .toList();
        retried.forEach(load::resendThroughTheOther);
        load.flushRequests();
        long deadline = System.nanoTime() + DECIDED_WITHIN.toNanos();
        while (System.nanoTime() < deadline && retried.stream().anyMatch(sent -> decisions.of(sent.requestId).size() < 2)) {
            decisions.check();
            Thread.sleep(200);
        }
        boolean allDecided = retried.stream().allMatch(sent -> decisions.of(sent.requestId).size() >= 2);
        Thread.sleep(2_000); // a third decision would show by then
        long right = 0;
        List<String> firstWrong = new ArrayList<>();
        for (SendLoad.Sent sent : retried) {
            List<DecisionLog.Decided> decided = decisions.of(sent.requestId);
            long duplicates = decided.stream().filter(d -> !d.approved() && d.reason() == RejectionReason.DUPLICATE_REQUEST).count();
            if (decided.size() == 2 && duplicates == 1) {
                right++;
            } else if (firstWrong.size() < 5) {
                firstWrong.add(sent.requestId + " " + decided.stream().map(DecisionLog.Decided::describe).toList());
            }
        }
        return new Retries(retried.size(), right, allDecided, firstWrong);
    }

    /** The gate's count of misrouted records of a topic, as Prometheus scrapes it; -1 if the series is missing. */
    private static double misrouted(ServiceProcess gate, Topic<?> topic) throws Exception {
        String series = "consentgate_misrouted_records_total{service=\"send-gate\",topic=\"" + topic.name() + "\"} ";
        try (HttpClient http = HttpClient.newHttpClient()) {
            String metrics = http.send(HttpRequest.newBuilder(URI.create(gate.baseUrl() + "/actuator/prometheus")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            return metrics.lines().filter(line -> line.startsWith(series)).mapToDouble(line -> Double.parseDouble(line.substring(series.length())))
                    .findFirst().orElse(-1);
        }
    }
}
