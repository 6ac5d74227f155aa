package io.consentgate.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.consentgate.testing.KafkaBrokerProcess;
import io.consentgate.testing.KafkaClusterProcess;
import io.consentgate.testing.ServiceProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * "The broker that leads the most partitions dies" on a three-node cluster (every topic three replicas, two in sync
 * for a write, producers acks=all), under a capture load on the intake and a send load on the gate: it is killed
 * (SIGKILL), later started again on its data, and once every replica is in sync again the node that then leads the
 * most is killed too. Nothing acknowledged may be lost or doubled, every send request gets exactly one decision and
 * the right one ({@link DecisionOracle}), and the intake may answer 503 (with Retry-After) only while leaders move:
 * from a kill until no partition names the dead node its leader, plus the intake's own delivery timeout for a call
 * that was already waiting on it. Measured: how long leaders took to move, the longest stall of each service.
 */
class ClusterLeaderLossFaultsTest {

    private static final String SCENARIO = "cluster-leader-loss";
    private static final int PARTITIONS = 6;
    /** consent-events' delivery.timeout.ms: a capture waiting on a dead leader may be refused this long after the leaders moved. */
    private static final Duration INTAKE_DELIVERY_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration LEADERS_MOVE_WITHIN = Duration.ofSeconds(60);

    private final int rate = FaultsForm.pick(50, 300);
    /** The load ends this long after the second kill's leaders moved (its length follows the cluster's steps, never a guess). */
    private final Duration afterLastKill = FaultsForm.pick(Duration.ofSeconds(10), Duration.ofSeconds(60));
    private static final Duration LOAD_AT_MOST = Duration.ofMinutes(15);
    private final Duration firstKillAfter = FaultsForm.pick(Duration.ofSeconds(10), Duration.ofSeconds(60));
    private final Duration downFor = FaultsForm.pick(Duration.ofSeconds(10), Duration.ofSeconds(60));
    private final Duration secondKillAfterRestart = FaultsForm.pick(Duration.ofSeconds(5), Duration.ofSeconds(60));

    /** One kill: when, which node, and when no partition named it leader any more. */
    private record Kill(int node, long killedAt, long leadersMovedAt) {

        boolean refusalAllowedAt(long millis) {
            return millis >= killedAt && millis <= leadersMovedAt + INTAKE_DELIVERY_TIMEOUT.toMillis();
        }
    }

    @Test
    void nothingAcknowledgedIsLostAndEveryRequestIsDecidedOnceAndRight() throws Exception {
        try (FaultStack stack = FaultStack.startOnCluster(SCENARIO, PARTITIONS);
             GateLoad gateLoad = GateLoad.over(stack, FaultsForm.pick(2_000, 20_000))) {
            KafkaClusterProcess cluster = stack.cluster();
            gateLoad.prepare();
            SendLoad sendLoad = gateLoad.load();
            DecisionLog decisions = gateLoad.decisions();
            ServiceProcess events = stack.events("consent-events", Map.of()).start();
            ServiceProcess gate = stack.gate("gate-1", GateInstance.settings("gate-1")).start();
            events.awaitReady(Duration.ofMinutes(3));
            gate.awaitReady(Duration.ofMinutes(3));
            GateLoad.WarmUp warmUp = gateLoad.warmUp();

            List<Kill> kills = new ArrayList<>();
            double restartReadyS;
            double replicatedAgainS;
            List<IntakeCaptureLoad.Call> calls;
            long loadStarted = System.currentTimeMillis();
            try (OutageReadiness readiness = new OutageReadiness(List.of(events, gate));
                 IntakeCaptureLoad intake = new IntakeCaptureLoad(events.baseUrl(), 2, 10)) {
                Thread loadThread = sendLoad.startSteady(rate, LOAD_AT_MOST);

                Pause.until(loadStarted + firstKillAfter.toMillis());
                KafkaBrokerProcess first = cluster.leaderOfMostPartitions();
                kills.add(kill(cluster, first));
                Pause.until(kills.getFirst().killedAt() + downFor.toMillis());
                long restarting = System.currentTimeMillis();
                cluster.restart(first);
                restartReadyS = seconds(System.currentTimeMillis(), restarting);
                cluster.awaitFullyReplicated();
                replicatedAgainS = seconds(System.currentTimeMillis(), restarting);
                Pause.sleep(secondKillAfterRestart);
                kills.add(kill(cluster, cluster.leaderOfMostPartitions()));
                Pause.until(kills.getLast().leadersMovedAt() + afterLastKill.toMillis());

                sendLoad.stopSteady();
                loadThread.join();
                calls = intake.stop();
                long loadEnded = System.currentTimeMillis();
                GateLoad.Settled settled = gateLoad.settle(loadThread, stack);
                CaptureCheck captures = CaptureCheck.of(stack, calls);
                long refusedOutsideFailover = CaptureCheck.unavailableOutside(calls,
                        at -> kills.stream().anyMatch(k -> k.refusalAllowedAt(at)));
                boolean servicesAlive = events.isAlive() && gate.isAlive();
                boolean readyAtEnd = readiness.readyNow(events.name()) && readiness.readyNow(gate.name());

                Map<String, Number> figures = new LinkedHashMap<>();
                figures.put("warm_up_s", warmUp.seconds());
                figures.put("leaders_moved_max_s", kills.stream().mapToDouble(k -> seconds(k.leadersMovedAt(), k.killedAt())).max().orElse(-1));
                figures.put("restart_ready_s", restartReadyS);
                figures.put("replicated_again_s", replicatedAgainS);
                figures.put("gate_stall_s", DecisionTimes.longestGapS(sendLoad, decisions));
                figures.put("gate_longest_wait_s", DecisionTimes.longestWaitS(sendLoad, decisions));
                figures.put("intake_stall_s", captures.longestGapS());
                figures.put("captures_acknowledged", captures.acknowledged());
                figures.put("answered_503", captures.unavailable());
                figures.put("answered_503_outside_failover", refusedOutsideFailover);
                figures.put("answered_503_without_retry_after", captures.unavailableWithoutRetryAfter());
                figures.put("no_answer", captures.noAnswer());
                figures.put("consent_changes", sendLoad.changes());

                DecisionLog.Counts counts = settled.counts();
                DecisionOracle.Verdict verdict = settled.verdict();
                long wrong = verdict.wrong() + captures.otherServerErrors() + captures.unavailableWithoutRetryAfter();
                boolean ownChecks = warmUp.decided() && settled.allDecided() && servicesAlive && readyAtEnd
                        && refusedOutsideFailover == 0 && captures.otherAnswers() == 0 && captures.acknowledged() > 0;
                double loadSeconds = (loadEnded - loadStarted) / 1000.0;
                ScenarioResult result = FaultsReport.record(ScenarioResult.of(SCENARIO,
                        (settled.requestIds().size() + captures.calls()) / loadSeconds, loadSeconds, kills.size(),
                        settled.requestIds().size() + captures.acknowledged(), counts.decisions() + captures.onTopic(),
                        counts.lost() + captures.lost(), counts.duplicated() + captures.duplicated(), wrong, ownChecks, figures,
                        String.format("3 nodes, RF 3, min ISR 2: killed node %d (most leaders), restarted it, then killed node %d; "
                                        + "%d send requests and %d acknowledged captures of %d calls; alive %s, ready at the end %s",
                                kills.get(0).node(), kills.get(1).node(), settled.requestIds().size(), captures.acknowledged(),
                                captures.calls(), servicesAlive, readyAtEnd)));
                assertThat(result.passed()).as("cluster leader loss: %s; first lost %s, first duplicated %s, first wrong %s",
                        result, counts.firstLost(), counts.firstDuplicated(), verdict.firstWrong()).isTrue();
            }
        }
    }

    private static Kill kill(KafkaClusterProcess cluster, KafkaBrokerProcess node) {
        node.kill();
        long killedAt = System.currentTimeMillis();
        long movedAt = cluster.awaitLeadersMovedFrom(node, LEADERS_MOVE_WITHIN);
        System.out.printf("[faults] %s: node %d killed; leaders moved after %.1f s%n", SCENARIO, node.nodeId(), (movedAt - killedAt) / 1000.0);
        return new Kill(node.nodeId(), killedAt, movedAt);
    }

    private static double seconds(long toMillis, long fromMillis) {
        return Math.round((toMillis - fromMillis) / 100.0) / 10.0;
    }
}
