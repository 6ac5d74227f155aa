package io.consentgate.faults;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;

/**
 * A service's consumer group as the brokers see it, read with the admin client: which instances are members (their
 * static member id is the instance's name and the stream thread's number, {@code gate-1-1}) and which partitions of a
 * topic each holds. A scenario waits on it for the state it then measures: a group that has taken a member in, or
 * handed a dead member's partitions over.
 */
final class StreamsGroup {

    private StreamsGroup() {
    }

    /**
     * Waits until {@code group}'s members are exactly the instances named and every one of {@code topic}'s
     * {@code partitions} partitions is assigned: instance → its partitions of {@code topic}.
     */
    static Map<String, Set<Integer>> awaitAssignment(String bootstrapServers, String group, String topic, int partitions,
                                                     List<String> instances, Duration within) throws Exception {
        long deadline = System.currentTimeMillis() + within.toMillis();
        Map<String, Set<Integer>> last = Map.of();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            while (System.currentTimeMillis() < deadline) {
                last = assignment(admin, group, topic);
                int assigned = last.values().stream().mapToInt(Set::size).sum();
                if (last.keySet().equals(Set.copyOf(instances)) && assigned == partitions) {
                    return last;
                }
                Pause.sleep(Duration.ofMillis(500));
            }
        }
        throw new AssertionError(group + " did not settle on " + instances + " with " + partitions + " partitions of " + topic
                + " assigned within " + within + ": " + last);
    }

    private static Map<String, Set<Integer>> assignment(Admin admin, String group, String topic) throws Exception {
        ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).describedGroups().get(group)
                .get(10, TimeUnit.SECONDS);
        Map<String, Set<Integer>> byInstance = new HashMap<>();
        for (MemberDescription member : description.members()) {
            String instance = member.groupInstanceId().map(id -> id.replaceFirst("-\\d+$", "")).orElse(member.consumerId());
            Set<Integer> held = byInstance.computeIfAbsent(instance, i -> new TreeSet<>());
            member.assignment().topicPartitions().stream()
                    .filter(tp -> tp.topic().equals(topic))
                    .forEach(tp -> held.add(tp.partition()));
        }
        return byInstance;
    }
}
