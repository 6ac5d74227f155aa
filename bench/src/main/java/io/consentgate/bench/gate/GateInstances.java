package io.consentgate.bench.gate;

import io.consentgate.schemas.Topics;
import io.consentgate.testing.ServiceProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;

/**
 * The gate as N processes of the same application id, sharing its partitions as production scales it out: each
 * its own JVM from the runnable jar, its own port and state directory. Started together (one rebalance rather
 * than one per instance), then awaited until every one is ready and the group is stable with every stream thread
 * of every instance in it. The first is named {@code send-gate} (its log, state and profile keep the names of
 * the single-instance form), the others {@code send-gate-2}, {@code send-gate-3}, ...
 */
final class GateInstances implements AutoCloseable {

    private static final Duration STABLE_TIMEOUT = Duration.ofMinutes(3);
    /** The group must look the same on this many checks in a row, a second apart: a follow-up rebalance shows up in between. */
    private static final int STABLE_CHECKS = 3;

    private final List<ServiceProcess> processes;
    private final int streamThreads;

    private GateInstances(List<ServiceProcess> processes, int streamThreads) {
        this.processes = processes;
        this.streamThreads = streamThreads;
    }

    /** {@code count} gates, not started yet (so that whoever stops everything on Ctrl-C holds them before they start). */
    static GateInstances of(int count, int streamThreads, Path root, Path folder, Map<String, String> settings, boolean profile,
                            boolean nativeProfile) {
        List<ServiceProcess> processes = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            String name = i == 1 ? "send-gate" : "send-gate-" + i;
            List<String> jvm = new ArrayList<>(List.of("-Xmx1g"));
            if (nativeProfile) {
                jvm.add("-XX:+PreserveFramePointer");   // whole stacks through compiled Java for perf (NativeProfile)
            }
            if (profile) {
                jvm.add("-XX:StartFlightRecording=filename=" + folder.resolve(name + ".jfr") + ",settings=profile,dumponexit=true");
            }
            processes.add(ServiceProcess.of(root, "send-gate", name, folder, 0, jvm, settings));
        }
        return new GateInstances(processes, streamThreads);
    }

    /** Starts every gate; returns once every one is ready and the group is stable ({@code status} hears how it goes). */
    GateInstances start(String bootstrap, Consumer<String> status) throws Exception {
        processes.forEach(ServiceProcess::start);
        for (ServiceProcess process : processes) {
            status.accept("waiting for " + process.name() + " to be ready");
            process.awaitReady();
        }
        awaitStableGroup(bootstrap, status);
        processes.forEach(ServiceProcess::awaitReady);   // still ready after the rebalance
        return this;
    }

    List<ProcessHandle> handles() {
        return processes.stream().map(ServiceProcess::processHandle).toList();
    }

    /** Where each gate's HTTP endpoints are, e.g. its metrics. */
    List<String> baseUrls() {
        return processes.stream().map(ServiceProcess::baseUrl).toList();
    }

    List<Path> logs() {
        return processes.stream().map(ServiceProcess::log).toList();
    }

    int count() {
        return processes.size();
    }

    /** Stops every gate cleanly (RocksDB writes its memtables out on a clean close), all at once. */
    void stop() {
        processes.parallelStream().forEach(ServiceProcess::stop);
    }

    @Override
    public void close() {
        stop();
    }

    private void awaitStableGroup(String bootstrap, Consumer<String> status) throws Exception {
        int members = processes.size() * streamThreads;
        long deadline = System.nanoTime() + STABLE_TIMEOUT.toNanos();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            int stableInARow = 0;
            String seen = "";
            while (stableInARow < STABLE_CHECKS) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the gates' group " + GateBenchmark.GATE_APPLICATION_ID + " did not settle with "
                            + members + " members within " + STABLE_TIMEOUT + "; last seen: " + seen + "; logs " + logs());
                }
                ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(GateBenchmark.GATE_APPLICATION_ID))
                        .all().get().get(GateBenchmark.GATE_APPLICATION_ID);
                String now = group.groupState() + ", " + group.members().size() + "/" + members + " members; "
                        + Topics.CONTACT_EVENTS.name() + " partitions by member: " + contactEventPartitions(group);
                boolean stable = group.groupState() == GroupState.STABLE && group.members().size() == members;
                stableInARow = stable && now.equals(seen) ? stableInARow + 1 : stable ? 1 : 0;
                seen = now;
                status.accept("group " + now);
                if (stableInARow < STABLE_CHECKS) {
                    Thread.sleep(1000);
                }
            }
            System.out.println(processes.size() + " gate process(es) of " + streamThreads + " stream threads, group stable: " + seen);
        }
    }

    /** Which contact-events partitions each member (a stream thread) reads: how evenly the work is split. */
    private static String contactEventPartitions(ConsumerGroupDescription group) {
        List<String> byMember = new ArrayList<>();
        for (MemberDescription member : group.members()) {
            TreeSet<Integer> partitions = new TreeSet<>();
            for (TopicPartition partition : member.assignment().topicPartitions()) {
                if (partition.topic().equals(Topics.CONTACT_EVENTS.name())) {
                    partitions.add(partition.partition());
                }
            }
            byMember.add(partitions.toString());
        }
        byMember.sort(null);
        return String.join(" ", byMember);
    }
}
