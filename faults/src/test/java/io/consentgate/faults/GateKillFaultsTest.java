package io.consentgate.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.consentgate.testing.ServiceProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * "Gate kill -9 under load": one gate instance under a steady load of send requests, killed with SIGKILL again and
 * again and restarted each time. Afterwards every request must have exactly one decision, and each decision must be
 * one the core gives on the contact's history ({@link DecisionOracle}).
 */
class GateKillFaultsTest {

    private static final String SCENARIO = "gate-kill";

    @Test
    void everyRequestIsDecidedOnceAndRightAcrossKills() throws Exception {
        int rate = FaultsForm.pick(200, 500);
        Duration duration = FaultsForm.pick(Duration.ofSeconds(48), Duration.ofMinutes(10));
        Duration killEvery = FaultsForm.pick(Duration.ofSeconds(15), Duration.ofSeconds(60));
        // A kill needs the gate back and deciding for a while before the next one, and none right at the end.
        Duration deciding = Duration.ofSeconds(5);

        try (FaultStack stack = FaultStack.start(SCENARIO, 3);
             GateLoad gateLoad = GateLoad.over(stack, FaultsForm.pick(2_000, 20_000))) {
            gateLoad.prepare();
            SendLoad load = gateLoad.load();
            DecisionLog decisions = gateLoad.decisions();
            ServiceProcess gate = stack.gate("gate-1", GateInstance.settings("gate-1")).startReady();

            GateLoad.WarmUp warmUp = gateLoad.warmUp();
            Thread loadThread = load.startSteady(rate, duration);
            long loadEndsAt = System.currentTimeMillis() + duration.toMillis();
            long nextKillAt = System.currentTimeMillis() + killEvery.toMillis();
            List<Long> kills = new ArrayList<>();
            List<Double> readyAfterS = new ArrayList<>();
            boolean restartsReady = true;
            while (nextKillAt < loadEndsAt - deciding.toMillis()) {
                Thread.sleep(Math.max(0, nextKillAt - System.currentTimeMillis()));
                gate.kill();
                long killedAt = System.currentTimeMillis();
                kills.add(killedAt);
                try {
                    gate.start().awaitReady(Duration.ofSeconds(180));
                } catch (IllegalStateException notReady) {
                    restartsReady = false;
                    break;
                }
                long readyAt = System.currentTimeMillis();
                readyAfterS.add((readyAt - killedAt) / 1000.0);
                nextKillAt = Math.max(killedAt + killEvery.toMillis(), readyAt + deciding.toMillis());
            }

            GateLoad.Settled settled = gateLoad.settle(loadThread, stack);
            List<String> requestIds = settled.requestIds();
            DecisionLog.Counts counts = settled.counts();
            DecisionOracle.Verdict verdict = settled.verdict();

            Map<String, Number> figures = new LinkedHashMap<>();
            figures.put("warm_up_s", warmUp.seconds());
            figures.put("restart_ready_max_s", readyAfterS.stream().mapToDouble(Double::doubleValue).max().orElse(-1));
            figures.put("restart_ready_mean_s", readyAfterS.stream().mapToDouble(Double::doubleValue).average().orElse(-1));
            figures.put("stall_max_s", DecisionTimes.longestGapS(load, decisions));
            figures.put("kill_to_next_decision_max_s", kills.stream()
                    .mapToDouble(killedAt -> DecisionTimes.firstDecisionAfterS(load, decisions, killedAt)).max().orElse(-1));
            figures.put("longest_wait_s", DecisionTimes.longestWaitS(load, decisions));
            figures.put("consent_changes", load.changes());
            boolean enoughKills = kills.size() >= FaultsForm.pick(2, 5);
            ScenarioResult result = FaultsReport.record(ScenarioResult.of(SCENARIO, rate, duration.toSeconds(), kills.size(),
                    requestIds.size(), counts.decisions(), counts.lost(), counts.duplicated(), verdict.wrong(),
                    warmUp.decided() && restartsReady && enoughKills && settled.allDecided(), figures,
                    "one gate, SIGKILL + restart " + kills.size() + "x; restart to ready " + readyAfterS + " s"));
            assertThat(result.passed()).as("gate kill -9: %d requests, %d decisions, lost %d %s, duplicated %d %s, wrong %d %s;"
                            + " warm-up decided: %s; restarts ready: %s; kills %d; every request decided in time: %s; figures %s",
                    requestIds.size(), counts.decisions(), counts.lost(), counts.firstLost(), counts.duplicated(), counts.firstDuplicated(),
                    verdict.wrong(), verdict.firstWrong(), warmUp.decided(), restartsReady, kills.size(), settled.allDecided(), figures).isTrue();
        }
    }
}
