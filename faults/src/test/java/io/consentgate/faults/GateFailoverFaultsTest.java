package io.consentgate.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.consentgate.schemas.Topics;
import io.consentgate.testing.ServiceProcess;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.junit.jupiter.api.Test;

/**
 * "Two gates, one killed": two instances of the same application id share the partitions under a steady load; one
 * is killed with SIGKILL and not restarted. Its partitions must move to the survivor and decisions go on: every
 * request decided exactly once and right ({@link DecisionOracle}). Reported: the stall, the longest time one
 * partition went without a decision around the kill.
 */
class GateFailoverFaultsTest {

    private static final String SCENARIO = "gate-failover";
    /** The gate's consumer group: its application id. */
    private static final String GROUP = "send-gate";

    @Test
    void theSurvivorTakesOverAndDecidesEveryRequestOnceAndRight() throws Exception {
        int rate = FaultsForm.pick(200, 500);
        Duration duration = FaultsForm.pick(Duration.ofSeconds(40), Duration.ofMinutes(3));
        Duration killAfter = FaultsForm.pick(Duration.ofSeconds(15), Duration.ofSeconds(60));

        try (FaultStack stack = FaultStack.start(SCENARIO, 6);
             GateLoad gateLoad = GateLoad.over(stack, FaultsForm.pick(2_000, 20_000))) {
            gateLoad.prepare();
            SendLoad load = gateLoad.load();
            DecisionLog decisions = gateLoad.decisions();
            // Started together, so that the group's first assignment spreads the partitions over both.
            ServiceProcess survivor = stack.gate("gate-1", GateInstance.settings("gate-1")).start();
            ServiceProcess victim = stack.gate("gate-2", GateInstance.settings("gate-2")).start();
            survivor.awaitReady();
            victim.awaitReady();

            GateLoad.WarmUp warmUp = gateLoad.warmUp();
            Thread loadThread = load.startSteady(rate, duration);
            Thread.sleep(killAfter.toMillis());
            Set<Integer> victimPartitions = requestPartitionsOf(stack.bootstrapServers(), "gate-2");
            victim.kill();
            long killedAt = System.currentTimeMillis();

            GateLoad.Settled settled = gateLoad.settle(loadThread, stack);
            boolean survivorAlive = survivor.isAlive();
            List<String> requestIds = settled.requestIds();
            DecisionLog.Counts counts = settled.counts();
            DecisionOracle.Verdict verdict = settled.verdict();

            Map<String, Number> figures = new LinkedHashMap<>();
            figures.put("warm_up_s", warmUp.seconds());
            figures.put("stall_s", DecisionTimes.longestGapS(load, decisions, at -> at >= killedAt - 10_000));
            figures.put("stall_before_kill_s", DecisionTimes.longestGapS(load, decisions, at -> at < killedAt - 10_000));
            figures.put("longest_wait_s", DecisionTimes.longestWaitS(load, decisions));
            figures.put("partitions_moved", victimPartitions.size());
            figures.put("consent_changes", load.changes());
            ScenarioResult result = FaultsReport.record(ScenarioResult.of(SCENARIO, rate, duration.toSeconds(), 1,
                    requestIds.size(), counts.decisions(), counts.lost(), counts.duplicated(), verdict.wrong(),
                    warmUp.decided() && !victimPartitions.isEmpty() && survivorAlive && settled.allDecided(), figures,
                    "two gates, gate-2 (request partitions " + victimPartitions + " of 6) killed " + killAfter.toSeconds()
                            + " s into the load, not restarted"));
            assertThat(result.passed()).as("gate failover: %d requests, %d decisions, lost %d %s, duplicated %d %s, wrong %d %s;"
                            + " warm-up decided: %s; victim's partitions %s; survivor alive %s; every request decided in time: %s; figures %s",
                    requestIds.size(), counts.decisions(), counts.lost(), counts.firstLost(), counts.duplicated(), counts.firstDuplicated(),
                    verdict.wrong(), verdict.firstWrong(), warmUp.decided(), victimPartitions, survivorAlive, settled.allDecided(), figures).isTrue();
        }
    }

    /** The {@code outbound-requests} partitions assigned to the instance whose static member id starts with {@code instance}. */
    private static Set<Integer> requestPartitionsOf(String bootstrapServers, String instance) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(GROUP)).describedGroups().get(GROUP).get(10, TimeUnit.SECONDS);
            Set<Integer> partitions = new TreeSet<>();
            for (MemberDescription member : group.members()) {
                if (member.groupInstanceId().filter(id -> id.startsWith(instance + "-")).isPresent()) {
                    member.assignment().topicPartitions().stream()
                            .filter(tp -> tp.topic().equals(Topics.OUTBOUND_REQUESTS.name()))
                            .forEach(tp -> partitions.add(tp.partition()));
                }
            }
            return partitions;
        }
    }
}
