package io.consentgate.bench.gate;

import io.consentgate.testing.Folders;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What a run left on disk, for capacity planning (docs/capacity.md): the bytes of each topic's log segments in the
 * broker's data directory (one copy; indexes left out, they are preallocated) and of the gate's RocksDB state
 * directory, beside the counts that divide them.
 *
 * @param topicBytes log bytes per topic, Kafka's own topics (names starting with "__") left out
 * @param gateStateBytes the gate's state directory
 * @param contacts contacts with a history in the run
 * @param contactEvents contact events produced
 * @param requests send requests produced to the gate
 * @param decisions decisions the gate made
 */
record Footprint(Map<String, Long> topicBytes, long gateStateBytes, int contacts, long contactEvents, long requests, long decisions) {

    private static final Pattern PARTITION_FOLDER = Pattern.compile("(.+)-\\d+");

    static Footprint measure(Path brokerData, Path gateState, int contacts, long contactEvents, long requests, long decisions) {
        Map<String, Long> topics = new TreeMap<>();
        try (Stream<Path> folders = Files.list(brokerData)) {
            folders.filter(Files::isDirectory).forEach(folder -> {
                Matcher topic = PARTITION_FOLDER.matcher(folder.getFileName().toString());
                if (topic.matches() && !topic.group(1).startsWith("__")) {
                    topics.merge(topic.group(1), Folders.bytes(folder, ".log"), Long::sum);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Footprint(topics, Folders.bytes(gateState, ""), contacts, contactEvents, requests, decisions);
    }

    long topic(String name) {
        return topicBytes.getOrDefault(name, 0L);
    }

    /** The gate's changelogs (one per store), bytes each. */
    Map<String, Long> changelogs(String applicationId) {
        return topicBytes.entrySet().stream().filter(entry -> entry.getKey().startsWith(applicationId + "-") && entry.getKey().endsWith("-changelog"))
                .collect(Collectors.toMap(entry -> entry.getKey().substring(applicationId.length() + 1), Map.Entry::getValue, Long::sum, TreeMap::new));
    }

    static double per(long bytes, long count) {
        return count == 0 ? 0 : bytes / (double) count;
    }

    String table(String applicationId) {
        long decisionBytes = topic("approved-sends") + topic("send-rejections");
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
                "on disk (one copy, log segments): contact-events %,d B = %.0f B/event (%,d events); outbound-requests %,d B = %.0f B/request"
                        + " (%,d); decisions %,d B = %.0f B/decision (%,d); gate state dir %,d B = %.0f B/contact (%,d contacts)%n",
                topic("contact-events"), per(topic("contact-events"), contactEvents), contactEvents,
                topic("outbound-requests"), per(topic("outbound-requests"), requests), requests,
                decisionBytes, per(decisionBytes, decisions), decisions, gateStateBytes, per(gateStateBytes, contacts), contacts));
        changelogs(applicationId).forEach((store, bytes) -> text.append(String.format(Locale.ROOT,
                "  gate changelog %s: %,d B = %.0f B/contact, %.0f B/decision%n", store, bytes, per(bytes, contacts), per(bytes, decisions))));
        return text.toString();
    }

    String json(String applicationId) {
        String topics = topicBytes.entrySet().stream().map(entry -> "\"%s\": %d".formatted(entry.getKey(), entry.getValue()))
                .collect(Collectors.joining(", ", "{", "}"));
        return String.format(Locale.ROOT, "{\"contacts\": %d, \"contact_events\": %d, \"requests\": %d, \"decisions\": %d, \"gate_state_bytes\": %d,"
                        + " \"bytes_per_contact_event\": %.1f, \"bytes_per_request\": %.1f, \"bytes_per_decision\": %.1f,"
                        + " \"gate_state_bytes_per_contact\": %.1f, \"topic_log_bytes\": %s}",
                contacts, contactEvents, requests, decisions, gateStateBytes, per(topic("contact-events"), contactEvents),
                per(topic("outbound-requests"), requests), per(topic("approved-sends") + topic("send-rejections"), decisions),
                per(gateStateBytes, contacts), topics);
    }
}
