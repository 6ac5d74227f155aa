package io.consentgate.faults;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The oracle of a projector lookup under an {@link IntakeCaptureLoad}: each contact's calls are an opt-in and, for some,
 * an opt-out after it, so where the contact may stand is a rank — 0 not known (404), 1 OPTED_IN, 2 OPTED_OUT. A lookup
 * may lag (the projector reads behind the topic) but never shows a state no call sent so far could give, and never
 * goes back behind what an earlier lookup already showed. Once the load is over and the projector caught up, the
 * answer holds every acknowledged call: at least the rank of the last acknowledged one, at most that of the last one
 * sent (an unanswered call may have landed).
 */
final class CaptureStandings {

    /** A standing the load can never produce (NONE for a contact that exists, EXPIRED, anything else). */
    static final int IMPOSSIBLE = -1;

    private final Map<String, List<IntakeCaptureLoad.Call>> byContact = new LinkedHashMap<>();

    CaptureStandings(List<IntakeCaptureLoad.Call> calls) {
        calls.stream().sorted(Comparator.comparingLong(IntakeCaptureLoad.Call::startedAtMillis))
                .forEach(call -> byContact.computeIfAbsent(call.contact(), c -> new ArrayList<>()).add(call));
    }

    static int rank(int status, String standing) {
        if (status == 404) {
            return 0;
        }
        return switch (standing == null ? "" : standing) {
            case "OPTED_IN" -> 1;
            case "OPTED_OUT" -> 2;
            default -> IMPOSSIBLE;
        };
    }

    private static int rank(IntakeCaptureLoad.Call call) {
        return call.optIn() ? 1 : 2;
    }

    Set<String> contacts() {
        return byContact.keySet();
    }

    /** The highest rank the calls sent by {@code atMillis} could give. */
    int highestSentBy(String contact, long atMillis) {
        return byContact.getOrDefault(contact, List.of()).stream().filter(c -> c.startedAtMillis() <= atMillis)
                .mapToInt(CaptureStandings::rank).max().orElse(0);
    }

    /** The rank every acknowledged call of the contact adds up to: what the caught-up projector must show at least. */
    int acknowledged(String contact) {
        return byContact.getOrDefault(contact, List.of()).stream().filter(IntakeCaptureLoad.Call::acknowledged)
                .mapToInt(CaptureStandings::rank).max().orElse(0);
    }

    /** The answer, once caught up, is right: every acknowledged call in it, nothing never sent. */
    boolean settled(String contact, int rank) {
        return rank >= acknowledged(contact) && rank <= highestSentBy(contact, Long.MAX_VALUE);
    }

    /** Lookups (status 200 or 404) that showed a standing no call sent by their answer could give. */
    long impossible(List<ProjectorLookupLoad.Asked> lookups) {
        return answered(lookups).stream()
                .filter(a -> {
                    int rank = rank(a.status(), a.standing());
                    return rank == IMPOSSIBLE || rank > highestSentBy(a.contact(), a.answeredAtMillis());
                })
                .count();
    }

    /** Lookups that showed less than a lookup of the same contact answered before they were asked: the state went back. */
    static long wentBack(List<ProjectorLookupLoad.Asked> lookups) {
        Map<String, List<ProjectorLookupLoad.Asked>> byContact = new LinkedHashMap<>();
        answered(lookups).forEach(a -> byContact.computeIfAbsent(a.contact(), c -> new ArrayList<>()).add(a));
        long back = 0;
        for (List<ProjectorLookupLoad.Asked> asked : byContact.values()) {
            for (ProjectorLookupLoad.Asked later : asked) {
                int shownBefore = asked.stream().filter(a -> a.answeredAtMillis() < later.startedAtMillis())
                        .mapToInt(a -> rank(a.status(), a.standing())).max().orElse(0);
                if (rank(later.status(), later.standing()) < shownBefore) {
                    back++;
                }
            }
        }
        return back;
    }

    private static List<ProjectorLookupLoad.Asked> answered(List<ProjectorLookupLoad.Asked> lookups) {
        return lookups.stream().filter(a -> a.status() == 200 || a.status() == 404).toList();
    }
}
