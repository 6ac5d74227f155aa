package io.consentgate.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.consentgate.testing.KafkaBrokerProcess;
import io.consentgate.testing.KafkaClusterProcess;
import io.consentgate.testing.ServiceProcess;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * "Two of three brokers are down" (every topic three replicas, two in sync for a write): no write can be acknowledged,
 * so the intake must refuse captures with 503 and Retry-After, never 2xx for what Kafka does not have; when one broker
 * returns, the services (never restarted) must take writes and decide again on their own. Nothing acknowledged may be
 * lost or doubled, and every send request acknowledged is decided exactly once. The capture load runs on the intake, a
 * trickle of send requests on the gate, with a producer that rides out the outage ({@link OutageSendRequests}).
 */
class ClusterMinIsrFaultsTest {

    private static final String SCENARIO = "cluster-minisr";
    private static final int PARTITIONS = 3;
    private static final int SEND_REQUESTS_PER_SECOND = 10;
    private static final String FALLBACK_CONTACT = "+34600000002";

    private final Duration upBefore = FaultsForm.pick(Duration.ofSeconds(10), Duration.ofSeconds(60));
    private final Duration down = FaultsForm.pick(Duration.ofSeconds(20), Duration.ofSeconds(90));
    private final Duration upAfter = FaultsForm.pick(Duration.ofSeconds(10), Duration.ofSeconds(90));

    @Test
    void writesAreRefusedWhileTwoAreDownAndEveryServiceRecoversWhenOneReturns() throws Exception {
        try (FaultStack stack = FaultStack.startOnCluster(SCENARIO, PARTITIONS)) {
            KafkaClusterProcess cluster = stack.cluster();
            ServiceProcess events = stack.events("consent-events", Map.of()).start();
            ServiceProcess gate = stack.gate("send-gate", Map.of()).start();
            List<ServiceProcess> services = List.of(events, gate);
            services.forEach(service -> service.awaitReady(Duration.ofMinutes(3)));

            long loadStarted = System.currentTimeMillis();
            try (OutageReadiness readiness = new OutageReadiness(services);
                 IntakeCaptureLoad intake = new IntakeCaptureLoad(events.baseUrl(), 2, 10);
                 OutageSendRequests sends = new OutageSendRequests(stack.bootstrapServers(), stack.registry(), SEND_REQUESTS_PER_SECOND,
                         () -> intake.lastAcknowledgedContact(FALLBACK_CONTACT))) {
                Pause.sleep(upBefore);
                KafkaBrokerProcess first = cluster.leaderOfMostPartitions();
                first.kill();
                KafkaBrokerProcess second = cluster.leaderOfMostPartitions();
                second.kill();
                long goneAt = System.currentTimeMillis();
                System.out.printf("[faults] %s: nodes %d and %d killed%n", SCENARIO, first.nodeId(), second.nodeId());
                Pause.until(goneAt + down.toMillis());
                long returnCalledAt = System.currentTimeMillis();
                cluster.restart(second);
                long returnedAt = System.currentTimeMillis();
                System.out.printf("[faults] %s: node %d back after %.1f s down (%.1f s to start)%n", SCENARIO, second.nodeId(),
                        (returnCalledAt - goneAt) / 1000.0, (returnedAt - returnCalledAt) / 1000.0);
                Pause.until(returnedAt + upAfter.toMillis());

                List<IntakeCaptureLoad.Call> calls = intake.stop();
                sends.stopSending();
                long loadEnded = System.currentTimeMillis();
                long allDecidedAt = sends.awaitDecisions(Duration.ofSeconds(120), Duration.ofSeconds(3));

                CaptureCheck captures = CaptureCheck.of(stack, calls);
                // Surely unable to write: from the second kill to the call that brings a node back.
                long refusedWhileDown = calls.stream()
                        .filter(c -> c.status() == 503 && c.answeredAtMillis() >= goneAt && c.answeredAtMillis() <= returnCalledAt).count();
                long acknowledgedWhileDown = CaptureCheck.acknowledgedWhen(calls, at -> at >= goneAt + 1_000 && at <= returnCalledAt);
                IntakeCaptureLoad.Call firstAck = calls.stream().filter(c -> c.acknowledged() && c.answeredAtMillis() >= returnCalledAt)
                        .min((a, b) -> Long.compare(a.answeredAtMillis(), b.answeredAtMillis())).orElse(null);
                long firstDecision = sends.firstDecisionSeenBetween(returnCalledAt, System.currentTimeMillis());
                long eventsReady = readiness.readyAgainAt(events.name(), returnedAt, System.currentTimeMillis());
                long gateReady = readiness.readyAgainAt(gate.name(), returnedAt, System.currentTimeMillis());

                Set<String> requests = sends.acknowledged();
                Map<String, Integer> decisions = sends.decisions();
                long decided = requests.stream().filter(decisions::containsKey).count();
                long requestsDuplicated = requests.stream().mapToLong(id -> Math.max(0, decisions.getOrDefault(id, 0) - 1)).sum();
                boolean alive = services.stream().allMatch(ServiceProcess::isAlive);
                boolean recovered = firstAck != null && firstDecision >= 0 && eventsReady >= 0 && gateReady >= 0;

                Map<String, Number> figures = new LinkedHashMap<>();
                figures.put("two_down_s", seconds(returnCalledAt, goneAt));
                figures.put("node_start_s", seconds(returnedAt, returnCalledAt));
                figures.put("events_recover_s", firstAck == null ? -1 : seconds(firstAck.answeredAtMillis(), returnedAt));
                figures.put("gate_recover_s", firstDecision < 0 ? -1 : seconds(firstDecision, returnedAt));
                figures.put("events_ready_s", eventsReady < 0 ? -1 : seconds(eventsReady, returnedAt));
                figures.put("gate_ready_s", gateReady < 0 ? -1 : seconds(gateReady, returnedAt));
                figures.put("intake_stall_s", captures.longestGapS());
                figures.put("answered_503", captures.unavailable());
                figures.put("answered_503_while_down", refusedWhileDown);
                figures.put("answered_503_without_retry_after", captures.unavailableWithoutRetryAfter());
                figures.put("acknowledged_while_down", acknowledgedWhileDown);
                figures.put("no_answer", captures.noAnswer());
                figures.put("send_requests_failed", sends.failedSends());
                // The last acknowledged request decided, after the load stopped: a group left standing shows here.
                figures.put("all_decided_after_load_s", allDecidedAt < 0 ? -1 : seconds(allDecidedAt, loadEnded));

                long wrong = captures.otherServerErrors() + captures.unavailableWithoutRetryAfter();
                boolean ownChecks = recovered && alive && refusedWhileDown > 0 && captures.otherAnswers() == 0 && sends.failedSends() == 0;
                double loadSeconds = (loadEnded - loadStarted) / 1000.0;
                ScenarioResult result = FaultsReport.record(ScenarioResult.of(SCENARIO, (calls.size() + requests.size()) / loadSeconds,
                        loadSeconds, 2, captures.acknowledged() + requests.size(), captures.onTopic() + decided,
                        captures.lost() + requests.size() - decided, captures.duplicated() + requestsDuplicated, wrong, ownChecks, figures,
                        String.format("3 nodes, RF 3, min ISR 2: nodes %d and %d killed, node %d back after %.0f s; %d acknowledged "
                                        + "captures of %d calls, %d send requests; recovered without a restart: %s, alive: %s",
                                first.nodeId(), second.nodeId(), second.nodeId(), (returnCalledAt - goneAt) / 1000.0, captures.acknowledged(),
                                captures.calls(), requests.size(), recovered, alive)));
                assertThat(result.passed()).as("cluster min ISR: %s", result).isTrue();
            }
        }
    }

    private static double seconds(long toMillis, long fromMillis) {
        return Math.round((toMillis - fromMillis) / 100.0) / 10.0;
    }
}
