package io.consentgate.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;

/**
 * A KRaft cluster of {@code n} nodes as child processes on 127.0.0.1, each a {@link KafkaBrokerProcess} that is
 * broker and controller at once: an n-voter controller quorum, every node with its own ports and data folder
 * ({@code node-<id>/}), so each can be stopped, killed and started again on its own data. Internal topics have
 * n replicas and need n − 1 in sync, as in production with three brokers.
 */
public final class KafkaClusterProcess implements AutoCloseable {

    private static final Duration REPLICATED_TIMEOUT = Duration.ofSeconds(120);
    /** Three JVMs starting at once on a small machine: longer than one broker's start. */
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(180);

    private final List<KafkaBrokerProcess> nodes;

    private KafkaClusterProcess(List<KafkaBrokerProcess> nodes) {
        this.nodes = nodes;
    }

    /** {@code size} nodes formatted in {@code folder}, on free ports; not started yet. */
    public static KafkaClusterProcess create(Path folder, int size) {
        List<Integer> ports = new ArrayList<>();
        List<Integer> controllerPorts = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            ports.add(FreePort.pick());
            controllerPorts.add(FreePort.pick());
        }
        String voters = IntStream.range(0, size)
                .mapToObj(i -> (i + 1) + "@127.0.0.1:" + controllerPorts.get(i)).collect(Collectors.joining(","));
        String clusterId = Uuid.randomUuid().toString();
        List<KafkaBrokerProcess> nodes = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            KafkaBrokerProcess.Quorum quorum = new KafkaBrokerProcess.Quorum(i + 1, clusterId, voters, size);
            nodes.add(KafkaBrokerProcess.open(folder.resolve("node-" + (i + 1)), ports.get(i), controllerPorts.get(i), quorum));
        }
        return new KafkaClusterProcess(List.copyOf(nodes));
    }

    /** Starts every node at once (a quorum elects a leader only once most voters run) and returns when all serve. */
    public KafkaClusterProcess start() {
        nodes.forEach(KafkaBrokerProcess::launch);
        try {
            nodes.forEach(node -> node.awaitReady(STARTUP_TIMEOUT));
        } catch (RuntimeException e) {
            kill();
            throw e;
        }
        return this;
    }

    /** Starts a stopped or killed node again on its own data and ports; returns once the controller has it back. */
    public KafkaBrokerProcess restart(KafkaBrokerProcess node) {
        if (node.isRunning()) {
            throw new IllegalStateException("node " + node.nodeId() + " is running");
        }
        node.launch();
        node.awaitReady(STARTUP_TIMEOUT);
        return node;
    }

    /**
     * Waits until no partition names {@code node} its leader any more (the controller has fenced it and moved its
     * leaderships) and returns when that was; throws after {@code timeout}.
     */
    public long awaitLeadersMovedFrom(KafkaBrokerProcess node, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                if (!leadersByNode().containsKey(node.nodeId())) {
                    return System.currentTimeMillis();
                }
            } catch (RuntimeException e) {
                // the cluster is between leaders: ask again
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("node " + node.nodeId() + " still leads partitions after " + timeout.toSeconds() + " s");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for leaders to move", e);
            }
        }
    }

    /** Every node's address: clients find the others from any one that answers. */
    public String bootstrapServers() {
        return nodes.stream().map(KafkaBrokerProcess::bootstrapServers).collect(Collectors.joining(","));
    }

    /** Node {@code id} (1 to n). */
    public KafkaBrokerProcess node(int id) {
        return nodes.get(id - 1);
    }

    public List<KafkaBrokerProcess> nodes() {
        return nodes;
    }

    public int size() {
        return nodes.size();
    }

    /** The running node that leads the most partitions of every topic (the internal ones included), as the cluster says now. */
    public KafkaBrokerProcess leaderOfMostPartitions() {
        Map<Integer, Long> led = leadersByNode();
        return nodes.stream().filter(KafkaBrokerProcess::isRunning)
                .max(Comparator.comparingLong(node -> led.getOrDefault(node.nodeId(), 0L)))
                .orElseThrow(() -> new IllegalStateException("no node of the cluster is running"));
    }

    /** How many partitions each node leads (node id → count; a partition with no leader is left out). */
    public Map<Integer, Long> leadersByNode() {
        return partitions().stream().filter(p -> p.leader() != null)
                .collect(Collectors.groupingBy(p -> p.leader().id(), Collectors.counting()));
    }

    /**
     * Waits until every partition has all its replicas in sync again (e.g. a restarted node has caught up): only then
     * can another node go down without a partition falling below its minimum in-sync replicas.
     */
    public void awaitFullyReplicated() {
        long deadline = System.nanoTime() + REPLICATED_TIMEOUT.toNanos();
        while (true) {
            long behind;
            try {
                behind = partitions().stream().filter(p -> p.isr().size() < p.replicas().size()).count();
            } catch (RuntimeException e) {
                behind = -1; // a node that has just started may not answer yet
            }
            if (behind == 0) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("partitions still under-replicated after " + REPLICATED_TIMEOUT.toSeconds()
                        + " s (" + behind + "); nodes' logs are in " + nodes.getFirst().folder().getParent());
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the cluster's replicas", e);
            }
        }
    }

    private List<TopicPartitionInfo> partitions() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, runningBootstrapServers()))) {
            Set<String> names = admin.listTopics(new ListTopicsOptions().listInternal(true))
                    .names().get(10, TimeUnit.SECONDS);
            Map<String, TopicDescription> described = new HashMap<>(admin.describeTopics(names).allTopicNames().get(10, TimeUnit.SECONDS));
            return described.values().stream().flatMap(topic -> topic.partitions().stream()).toList();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("cannot describe the cluster's partitions: " + e, e);
        }
    }

    /** Only the nodes that run: an admin client bootstrapping from a dead one logs a warning per attempt. */
    private String runningBootstrapServers() {
        String running = nodes.stream().filter(KafkaBrokerProcess::isRunning).map(KafkaBrokerProcess::bootstrapServers)
                .collect(Collectors.joining(","));
        if (running.isEmpty()) {
            throw new IllegalStateException("no node of the cluster is running");
        }
        return running;
    }

    /** Kills every node (SIGKILL) in parallel. */
    public void kill() {
        nodes.parallelStream().forEach(KafkaBrokerProcess::kill);
    }

    /** Stops every node (SIGTERM) in parallel. */
    @Override
    public void close() {
        nodes.parallelStream().forEach(KafkaBrokerProcess::stop);
    }
}
