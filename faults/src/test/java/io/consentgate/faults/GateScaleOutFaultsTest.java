package io.consentgate.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.consentgate.schemas.Topics;
import io.consentgate.testing.ServiceProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * "Instances join and leave under load": one gate decides a steady load; a second and then a third join the group
 * (the partitions are spread over them), then the second is stopped as Kubernetes scales down (SIGTERM) and the third
 * killed (SIGKILL). Every request must be decided exactly once and right ({@link DecisionOracle}) through every
 * rebalance. Reported per step: the stall, the longest time one partition went without a decision from that step to
 * the next. On the single broker: what is measured is the gate's group, not the cluster (cluster-leader-loss is that).
 */
class GateScaleOutFaultsTest {

    private static final String SCENARIO = "gate-scale-out";
    private static final int PARTITIONS = 6;

    private final int rate = FaultsForm.pick(200, 500);
    /** At least this long between two steps (and from the load's start to the first). */
    private final Duration step = FaultsForm.pick(Duration.ofSeconds(10), Duration.ofSeconds(60));
    /**
     * The load runs until the last step plus {@link #afterLastStep}: a step waits for the group to have taken the change
     * in (a joining gate starts in 10–80 s on a busy machine), so the load's length follows the steps, never a guess.
     */
    private static final Duration LOAD_AT_MOST = Duration.ofMinutes(15);
    /** The last step must leave the load this long to show its stall. */
    private final Duration afterLastStep = FaultsForm.pick(Duration.ofSeconds(10), Duration.ofSeconds(60));
    private static final Duration GROUP_SETTLES_WITHIN = Duration.ofMinutes(3);
    private static final String GROUP = "send-gate";

    @Test
    void everyRequestIsDecidedOnceAndRightWhileGatesJoinAndLeave() throws Exception {
        try (FaultStack stack = FaultStack.start(SCENARIO, PARTITIONS);
             GateLoad gateLoad = GateLoad.over(stack, FaultsForm.pick(2_000, 20_000))) {
            gateLoad.prepare();
            SendLoad load = gateLoad.load();
            DecisionLog decisions = gateLoad.decisions();
            ServiceProcess first = stack.gate("gate-1", GateInstance.settings("gate-1")).startReady();
            ServiceProcess second = stack.gate("gate-2", GateInstance.settings("gate-2"));
            ServiceProcess third = stack.gate("gate-3", GateInstance.settings("gate-3"));
            GateLoad.WarmUp warmUp = gateLoad.warmUp();

            Thread loadThread = load.startSteady(rate, LOAD_AT_MOST);
            long started = System.currentTimeMillis();
            List<String> names = List.of("join_2", "join_3", "sigterm_2", "sigkill_3");
            List<List<String>> groupAfter = List.of(List.of("gate-1", "gate-2"), List.of("gate-1", "gate-2", "gate-3"),
                    List.of("gate-1", "gate-3"), List.of("gate-1"));
            List<Long> at = new ArrayList<>();
            List<Double> readyS = new ArrayList<>();
            List<Double> settledS = new ArrayList<>();
            long due = started + step.toMillis();
            for (int i = 0; i < names.size(); i++) {
                Pause.until(due);
                long now = System.currentTimeMillis();
                at.add(now);
                switch (i) {
                    case 0 -> readyS.add(startReady(second, now));
                    case 1 -> readyS.add(startReady(third, now));
                    case 2 -> second.stop();
                    default -> third.kill();
                }
                // The next step only once the group has taken this one in: its members and every partition assigned.
                StreamsGroup.awaitAssignment(stack.bootstrapServers(), GROUP, Topics.OUTBOUND_REQUESTS.name(), PARTITIONS,
                        groupAfter.get(i), GROUP_SETTLES_WITHIN);
                long settledAt = System.currentTimeMillis();
                settledS.add(Math.round((settledAt - now) / 100.0) / 10.0);
                System.out.printf("[faults] %s: %s at %.1f s, group settled after %.1f s%n", SCENARIO, names.get(i),
                        (now - started) / 1000.0, (settledAt - now) / 1000.0);
                due = Math.max(now + step.toMillis(), settledAt);
            }
            Pause.until(System.currentTimeMillis() + afterLastStep.toMillis());
            load.stopSteady();
            loadThread.join();
            double loadSeconds = (load.endedAtMs() - load.startedAtMs()) / 1000.0;

            GateLoad.Settled settled = gateLoad.settle(loadThread, stack);
            DecisionLog.Counts counts = settled.counts();
            DecisionOracle.Verdict verdict = settled.verdict();
            Map<String, Number> figures = new LinkedHashMap<>();
            figures.put("warm_up_s", warmUp.seconds());
            figures.put("stall_alone_s", DecisionTimes.longestGapS(load, decisions, t -> t < at.getFirst()));
            for (int i = 0; i < names.size(); i++) {
                long from = at.get(i);
                long to = i + 1 < at.size() ? at.get(i + 1) : Long.MAX_VALUE;
                figures.put("stall_" + names.get(i) + "_s", DecisionTimes.longestGapS(load, decisions, t -> t >= from && t < to));
            }
            for (int i = 0; i < names.size(); i++) {
                figures.put("settled_" + names.get(i) + "_s", settledS.get(i));
            }
            figures.put("ready_gate_2_s", readyS.get(0));
            figures.put("ready_gate_3_s", readyS.get(1));
            figures.put("last_step_at_s", Math.round((at.getLast() - started) / 100.0) / 10.0);
            figures.put("longest_wait_s", DecisionTimes.longestWaitS(load, decisions));
            figures.put("consent_changes", load.changes());
            boolean firstAlive = first.isAlive();
            ScenarioResult result = FaultsReport.record(ScenarioResult.of(SCENARIO, rate, loadSeconds, 4,
                    settled.requestIds().size(), counts.decisions(), counts.lost(), counts.duplicated(), verdict.wrong(),
                    warmUp.decided() && settled.allDecided() && firstAlive, figures,
                    String.format("one gate, %d partitions; each step at least %d s after the one before and once the group took that "
                            + "one in (settled_*: its members, every partition assigned): gate-2 joins, gate-3 joins, gate-2 stopped "
                            + "(SIGTERM), gate-3 killed (SIGKILL); the load ends %d s after the last; gate-1 alive at the end: %s",
                            PARTITIONS, step.toSeconds(), afterLastStep.toSeconds(), firstAlive)));
            assertThat(result.passed()).as("gate scale-out: %s; first lost %s, first duplicated %s, first wrong %s",
                    result, counts.firstLost(), counts.firstDuplicated(), verdict.firstWrong()).isTrue();
        }
    }

    /** Starts a gate and waits for its readiness: seconds from {@code fromMillis}. */
    private static double startReady(ServiceProcess gate, long fromMillis) {
        gate.startReady();
        return Math.round((System.currentTimeMillis() - fromMillis) / 100.0) / 10.0;
    }
}
