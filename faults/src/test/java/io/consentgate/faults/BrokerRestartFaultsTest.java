package io.consentgate.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.consentgate.avro.ContactEvent;
import io.consentgate.avro.OptIn;
import io.consentgate.avro.OptOut;
import io.consentgate.schemas.Topics;
import io.consentgate.testing.ServiceProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * "The broker is stopped for tens of seconds and restarted" with all three services running: consent-events under a
 * steady load of capture calls, a trickle of send requests to the gate, the projector folding both. While the broker
 * is down the intake must answer 503 with Retry-After and never 2xx; once it is back every service must recover on its
 * own; every acknowledged event must be on contact-events exactly once and shown by the projector, and every send
 * request decided exactly once.
 */
class BrokerRestartFaultsTest {

    private static final String SCENARIO = "broker-restart";
    private static final int PARTITIONS = 3;
    private static final int CLIENT_THREADS = 3;
    private static final int CALLS_PER_SECOND_PER_THREAD = 20;
    private static final int SEND_REQUESTS_PER_SECOND = 10;
    private static final String FALLBACK_CONTACT = "+34600000001";
    /** How long the projector may take to show a capture made after the restart before it counts as not recovered. */
    private static final Duration PROJECTOR_RECOVERY_LIMIT = Duration.ofSeconds(60);
    /** The services by their process names, as the figures name them. */
    private static final Map<String, String> FIGURE_NAMES = Map.of("consent-events", "events", "consent-projector", "projector", "send-gate", "gate");

    private final int outages = FaultsForm.pick(1, 3);
    private final Duration down = FaultsForm.pick(Duration.ofSeconds(20), Duration.ofSeconds(45));
    private final Duration load = FaultsForm.pick(Duration.ofSeconds(60), Duration.ofMinutes(10));

    /** One outage: stop() called, stop() returned (the broker is gone), start() called, start() returned (it serves again). */
    private record Outage(long stoppedAt, long goneAt, long startCalledAt, long startedAt) {

        /** Surely down: from the broker's exit to the call that starts it again. */
        boolean surelyDownAt(long millis) {
            return millis >= goneAt && millis <= startCalledAt;
        }
    }

    @Test
    void everyServiceRecoversAndNothingAcknowledgedIsLostOrDoubled() throws Exception {
        try (FaultStack stack = FaultStack.start(SCENARIO, PARTITIONS)) {
            ServiceProcess events = stack.events("consent-events", Map.of());
            ServiceProcess projector = stack.projector("consent-projector", Map.of());
            ServiceProcess gate = stack.gate("send-gate", Map.of());
            List<ServiceProcess> services = List.of(events, projector, gate);
            services.forEach(ServiceProcess::start);
            services.forEach(ServiceProcess::awaitReady);

            ProjectorLookups lookups = new ProjectorLookups(projector.baseUrl());
            List<Outage> outages = new ArrayList<>();
            Map<String, Number> figures = new LinkedHashMap<>();
            List<IntakeCaptureLoad.Call> calls;
            long loadStarted = System.currentTimeMillis();
            try (OutageReadiness readiness = new OutageReadiness(services);
                 IntakeCaptureLoad intake = new IntakeCaptureLoad(events.baseUrl(), CLIENT_THREADS, CALLS_PER_SECOND_PER_THREAD);
                 OutageSendRequests sends = new OutageSendRequests(stack.bootstrapServers(), stack.registry(), SEND_REQUESTS_PER_SECOND,
                         () -> intake.lastAcknowledgedContact(FALLBACK_CONTACT))) {

                // Each outage sits in the middle of its share of the load: up, down, up again. The up phases are timed from
                // the broker's exit and from its return, so that stopping and starting it (seconds each) shorten neither.
                long upEachSide = (load.toMillis() / this.outages - down.toMillis()) / 2;
                List<Long> projectorRecoveredAt = new ArrayList<>();
                for (int i = 0; i < this.outages; i++) {
                    Pause.sleep(Duration.ofMillis(upEachSide));
                    long stoppedAt = System.currentTimeMillis();
                    stack.broker().stop();
                    long goneAt = System.currentTimeMillis();
                    Pause.until(goneAt + down.toMillis());
                    long startCalledAt = System.currentTimeMillis();
                    stack.broker().start();
                    Outage outage = new Outage(stoppedAt, goneAt, startCalledAt, System.currentTimeMillis());
                    outages.add(outage);
                    System.out.printf("[faults] %s: outage %d of %d: broker gone %.1f s (%.1f s from stop to serving again)%n", SCENARIO,
                            i + 1, this.outages, (outage.startCalledAt() - outage.goneAt()) / 1000.0, (outage.startedAt() - outage.stoppedAt()) / 1000.0);
                    projectorRecoveredAt.add(awaitProjectorShowsNewCapture(intake, lookups, outage.startedAt(),
                            outage.startedAt() + Math.max(upEachSide, PROJECTOR_RECOVERY_LIMIT.toMillis())));
                    Pause.until(outage.startedAt() + upEachSide);
                }
                calls = intake.stop();
                sends.stopSending();
                long loadEnded = System.currentTimeMillis();
                long allDecidedAt = sends.awaitDecisions(Duration.ofSeconds(90), Duration.ofSeconds(3));

                // Recovery, per service and outage (the worst outage is the figure): readiness 200 again, and working again.
                double eventsRecovery = 0;
                double gateRecovery = 0;
                double projectorRecovery = 0;
                boolean allRecovered = true;
                Map<String, Double> readyAgain = new LinkedHashMap<>();
                Map<String, Boolean> dropped = new LinkedHashMap<>();
                for (int i = 0; i < outages.size(); i++) {
                    Outage outage = outages.get(i);
                    long until = i + 1 < outages.size() ? outages.get(i + 1).stoppedAt() : System.currentTimeMillis();
                    for (ServiceProcess service : services) {
                        long ready = readiness.readyAgainAt(service.name(), outage.startedAt(), until);
                        allRecovered &= ready >= 0;
                        readyAgain.merge(service.name(), seconds(ready < 0 ? until : ready, outage.startedAt()), Math::max);
                        dropped.merge(service.name(), readiness.droppedBetween(service.name(), outage.stoppedAt(), until), Boolean::logicalOr);
                    }
                    // The intake works again: its first 2xx once the broker serves (a call held through the outage counts too).
                    IntakeCaptureLoad.Call firstAck = calls.stream()
                            .filter(c -> c.acknowledged() && c.answeredAtMillis() >= outage.startedAt() && c.answeredAtMillis() <= until)
                            .min((a, b) -> Long.compare(a.answeredAtMillis(), b.answeredAtMillis())).orElse(null);
                    allRecovered &= firstAck != null;
                    eventsRecovery = Math.max(eventsRecovery, seconds(firstAck == null ? until : firstAck.answeredAtMillis(), outage.startedAt()));
                    long firstDecision = sends.firstDecisionSeenBetween(outage.startedAt(), until);
                    allRecovered &= firstDecision >= 0;
                    gateRecovery = Math.max(gateRecovery, seconds(firstDecision < 0 ? until : firstDecision, outage.startedAt()));
                    long projectorAt = projectorRecoveredAt.get(i);
                    allRecovered &= projectorAt >= 0;
                    projectorRecovery = Math.max(projectorRecovery, seconds(projectorAt < 0 ? until : projectorAt, outage.startedAt()));
                }
                // Down: from the broker's exit to the call that starts it again (stopping and starting take seconds each).
                figures.put("broker_down_s", outages.stream().mapToLong(o -> o.startCalledAt() - o.goneAt()).sum() / 1000.0);
                figures.put("events_recover_s", eventsRecovery);
                figures.put("gate_recover_s", gateRecovery);
                figures.put("projector_recover_s", projectorRecovery);
                readyAgain.forEach((name, seconds) -> figures.put(FIGURE_NAMES.get(name) + "_ready_s", seconds));

                // The intake: what it answered, and what is on contact-events.
                Map<String, Integer> eventIdsOnTopic = new HashMap<>();
                Map<String, List<ContactEvent>> eventsByContact = new HashMap<>();
                for (ConsumerRecord<String, ContactEvent> record : RecoveryTopicReader.readAll(stack.bootstrapServers(), Topics.CONTACT_EVENTS,
                        stack.registry(), Duration.ofSeconds(60))) {
                    eventIdsOnTopic.merge(record.value().getEventId(), 1, Integer::sum);
                    eventsByContact.computeIfAbsent(record.value().getContact(), c -> new ArrayList<>()).add(record.value());
                }
                List<IntakeCaptureLoad.Call> acknowledged = calls.stream().filter(IntakeCaptureLoad.Call::acknowledged).toList();
                long capturesOnTopic = acknowledged.stream().filter(c -> eventIdsOnTopic.getOrDefault(c.eventId(), 0) > 0).count();
                long capturesLost = acknowledged.size() - capturesOnTopic;
                long capturesDuplicated = acknowledged.stream().mapToLong(c -> Math.max(0, eventIdsOnTopic.getOrDefault(c.eventId(), 0) - 1)).sum();
                // Answered while the broker was surely down: a 2xx then can only be true if the event was written before.
                List<IntakeCaptureLoad.Call> acknowledgedWhileDown = acknowledged.stream()
                        .filter(c -> outages.stream().anyMatch(o -> o.surelyDownAt(c.answeredAtMillis()))).toList();
                long acknowledgedWhileDownNotWritten = acknowledgedWhileDown.stream()
                        .filter(c -> eventIdsOnTopic.getOrDefault(c.eventId(), 0) == 0).count();
                List<IntakeCaptureLoad.Call> unavailable = calls.stream().filter(c -> c.status() == 503).toList();
                long unavailableWithoutRetryAfter = unavailable.stream().filter(c -> !c.retryAfter()).count();
                long otherServerErrors = calls.stream().filter(c -> c.status() >= 500 && c.status() != 503).count();
                long otherAnswers = calls.stream().filter(c -> c.status() != -1 && c.status() < 500 && !c.acknowledged()).count();
                long noAnswer = calls.stream().filter(c -> c.status() == -1).count();
                // A 503 is "not recorded as far as you know": the event may still have reached Kafka (acknowledged late).
                long writtenAfter503 = unavailable.stream().filter(c -> wasWritten(eventsByContact.get(c.contact()), c.optIn())).count();
                figures.put("answered_503", unavailable.size());
                figures.put("answered_503_without_retry_after", unavailableWithoutRetryAfter);
                figures.put("written_although_503", writtenAfter503);
                figures.put("acknowledged_while_down", acknowledgedWhileDown.size());
                figures.put("other_4xx", otherAnswers);
                figures.put("no_answer", noAnswer);

                // The projector: every contact of an acknowledged call shows the standing its last event on the topic gives.
                Set<String> contacts = acknowledged.stream().map(IntakeCaptureLoad.Call::contact).collect(Collectors.toSet());
                ProjectorCheck projectorCheck = checkProjector(lookups, contacts, eventsByContact, Duration.ofSeconds(90));
                figures.put("projector_contacts_checked", contacts.size());
                figures.put("projector_missing", projectorCheck.missing());
                figures.put("projector_differing", projectorCheck.differing());

                // The gate: every send request acknowledged by the broker decided exactly once.
                Set<String> requests = sends.acknowledged();
                Map<String, Integer> decisions = sends.decisions();
                long decided = requests.stream().filter(decisions::containsKey).count();
                long requestsLost = requests.size() - decided;
                long decisionsDuplicated = requests.stream().mapToLong(id -> Math.max(0, decisions.getOrDefault(id, 0) - 1)).sum();
                figures.put("send_requests_failed", sends.failedSends());
                // The last acknowledged request decided, after the load stopped: a group left standing shows here.
                figures.put("all_decided_after_load_s", allDecidedAt < 0 ? -1 : seconds(allDecidedAt, loadEnded));

                boolean stillRunning = services.stream().allMatch(ServiceProcess::isAlive);
                boolean readyAtEnd = services.stream().allMatch(s -> readiness.readyNow(s.name()));
                boolean ownChecks = allRecovered && stillRunning && readyAtEnd && !unavailable.isEmpty()
                        && projectorCheck.missing() == 0 && projectorCheck.differing() == 0
                        && otherAnswers == 0 && sends.failedSends() == 0;
                long wrong = acknowledgedWhileDownNotWritten + otherServerErrors + unavailableWithoutRetryAfter;
                double loadSeconds = (loadEnded - loadStarted) / 1000.0;
                ScenarioResult result = FaultsReport.record(ScenarioResult.of(SCENARIO,
                        (calls.size() + requests.size()) / loadSeconds, loadSeconds, outages.size(),
                        acknowledged.size() + requests.size(), capturesOnTopic + decided,
                        capturesLost + requestsLost, capturesDuplicated + decisionsDuplicated, wrong, ownChecks, figures,
                        String.format("%d captures acknowledged of %d calls, %d send requests; readiness dropped: %s; "
                                        + "recovered on their own: %s, still running: %s, ready at the end: %s",
                                acknowledged.size(), calls.size(), requests.size(), dropped, allRecovered, stillRunning, readyAtEnd)));

                assertThat(result.passed()).as("broker restart: %s (figures %s)", result, figures).isTrue();
            }
        }
    }

    /**
     * After a restart: the first capture acknowledged after it, once the projector shows it — when the projector works
     * again end to end. Gives up at {@code untilMillis} (-1).
     */
    private static long awaitProjectorShowsNewCapture(IntakeCaptureLoad intake, ProjectorLookups lookups, long restartedAt, long untilMillis) {
        while (System.currentTimeMillis() < untilMillis) {
            IntakeCaptureLoad.Call first = intake.firstAcknowledgedOptInStartedAfter(restartedAt);
            if (first != null && lookups.contact(FaultStack.BUSINESS, first.contact()).found()) {
                return System.currentTimeMillis();
            }
            Pause.sleep(Duration.ofMillis(100));
        }
        return -1;
    }

    private record ProjectorCheck(long missing, long differing) {
    }

    /** Polls until every contact shows the standing of its last event on the topic, or {@code timeout}; counts what does not. */
    private static ProjectorCheck checkProjector(ProjectorLookups lookups, Set<String> contacts, Map<String, List<ContactEvent>> eventsByContact,
                                                 Duration timeout) {
        Map<String, String> expected = new HashMap<>();
        for (String contact : contacts) {
            List<ContactEvent> events = eventsByContact.getOrDefault(contact, List.of());
            if (!events.isEmpty()) {
                expected.put(contact, events.getLast().getPayload() instanceof OptOut ? "OPTED_OUT" : "OPTED_IN");
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, String> pending = new HashMap<>(expected);
        Map<String, ProjectorLookups.Lookup> last = new HashMap<>();
        while (!pending.isEmpty() && System.nanoTime() < deadline) {
            pending.entrySet().removeIf(entry -> {
                ProjectorLookups.Lookup lookup = lookups.contact(FaultStack.BUSINESS, entry.getKey());
                last.put(entry.getKey(), lookup);
                return entry.getValue().equals(lookup.marketingStanding());
            });
            if (!pending.isEmpty()) {
                Pause.sleep(Duration.ofSeconds(1));
            }
        }
        long missing = pending.keySet().stream().filter(c -> !last.get(c).found()).count();
        // An acknowledged contact with no event on the topic at all is lost there already; the projector cannot show it.
        return new ProjectorCheck(missing + (contacts.size() - expected.size()), pending.size() - missing);
    }

    /** Whether the contact's events on the topic include one of the call's kind (opt-in or opt-out). */
    private static boolean wasWritten(List<ContactEvent> events, boolean optIn) {
        return events != null && events.stream().anyMatch(e -> optIn ? e.getPayload() instanceof OptIn : e.getPayload() instanceof OptOut);
    }

    private static double seconds(long toMillis, long fromMillis) {
        return Math.round((toMillis - fromMillis) / 100.0) / 10.0;
    }
}
