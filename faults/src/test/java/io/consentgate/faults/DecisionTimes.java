package io.consentgate.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongPredicate;

/**
 * When decisions came, from their own {@code decidedAt} (one machine, one clock): how long the gate stood still.
 * Counted per partition of {@code outbound-requests}, because with two instances the survivor's own partitions go
 * on deciding while the dead one's wait: the longest gap between consecutive decisions of one partition is how
 * long that partition's requests waited.
 */
final class DecisionTimes {

    private DecisionTimes() {
    }

    /** The longest gap, in seconds, between consecutive decisions of one partition, over all partitions. */
    static double longestGapS(SendLoad load, DecisionLog decisions) {
        return longestGapS(load, decisions, at -> true);
    }

    /** As {@link #longestGapS(SendLoad, DecisionLog)}, for gaps whose start passes {@code startsWhere} (e.g. around a kill). */
    static double longestGapS(SendLoad load, DecisionLog decisions, LongPredicate startsWhere) {
        Map<Integer, List<Long>> byPartition = new HashMap<>();
        for (SendLoad.Sent sent : load.sent()) {
            List<DecisionLog.Decided> decided = decisions.of(sent.requestId);
            if (!decided.isEmpty()) {
                byPartition.computeIfAbsent(sent.partition, p -> new ArrayList<>()).add(decided.getFirst().decidedAt().toEpochMilli());
            }
        }
        long longest = 0;
        for (List<Long> times : byPartition.values()) {
            times.sort(null);
            for (int i = 1; i < times.size(); i++) {
                if (startsWhere.test(times.get(i - 1))) {
                    longest = Math.max(longest, times.get(i) - times.get(i - 1));
                }
            }
        }
        return longest / 1000.0;
    }

    /** The longest a request waited for its decision (decidedAt minus the moment it was sent), in seconds. */
    static double longestWaitS(SendLoad load, DecisionLog decisions) {
        long longest = 0;
        for (SendLoad.Sent sent : load.sent()) {
            List<DecisionLog.Decided> decided = decisions.of(sent.requestId);
            if (!decided.isEmpty()) {
                longest = Math.max(longest, decided.getFirst().decidedAt().toEpochMilli() - sent.sentAtMs);
            }
        }
        return longest / 1000.0;
    }

    /** Seconds from {@code atMs} to the first decision made after it, on any partition (-1 if none came). */
    static double firstDecisionAfterS(SendLoad load, DecisionLog decisions, long atMs) {
        long first = Long.MAX_VALUE;
        for (SendLoad.Sent sent : load.sent()) {
            for (DecisionLog.Decided decided : decisions.of(sent.requestId)) {
                long at = decided.decidedAt().toEpochMilli();
                if (at > atMs && at < first) {
                    first = at;
                }
            }
        }
        return first == Long.MAX_VALUE ? -1 : (first - atMs) / 1000.0;
    }

    /** Every request with its partition, when it was sent and its decisions, for reading a run afterwards: {@code <folder>/decisions.csv}. */
    static void writeCsv(Path folder, SendLoad load, DecisionLog decisions) {
        StringBuilder csv = new StringBuilder("request_id,partition,contact,sent_at_ms,decisions,decided_at_ms,decision\n");
        for (SendLoad.Sent sent : load.sent()) {
            List<DecisionLog.Decided> decided = decisions.of(sent.requestId);
            csv.append(sent.requestId).append(',').append(sent.partition).append(',').append(sent.contact).append(',').append(sent.sentAtMs)
                    .append(',').append(decided.size()).append(',')
                    .append(decided.isEmpty() ? "" : Long.toString(decided.getFirst().decidedAt().toEpochMilli())).append(',')
                    .append(decided.isEmpty() ? "" : decided.getFirst().describe()).append('\n');
        }
        try {
            Files.writeString(folder.resolve("decisions.csv"), csv);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + folder.resolve("decisions.csv"), e);
        }
    }
}
