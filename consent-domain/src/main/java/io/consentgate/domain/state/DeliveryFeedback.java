package io.consentgate.domain.state;

import io.consentgate.domain.policy.DeliveryPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What Meta's delivery statuses say about reaching the contact: the current run of undeliverable failures (131026), the
 * suppression a run of {@link DeliveryPolicy#undeliverableThreshold()} within {@link DeliveryPolicy#undeliverableWindow()}
 * leads to, and the pair rate limits (131056) per business number.
 *
 * <p>"In a row": a delivered or read status, a message or an opt-in of the contact resets the run (failures not after it no
 * longer count, also ones arriving late). Only the contact lifts a suppression: a message or an opt-in not before it. Among
 * failures the result does not depend on arrival order while a run holds at most {@link #KEPT_FAILURES}; a delivered status
 * arriving after a suppression it would have prevented does not undo it.
 *
 * @param undeliverableAt   the run's failures, oldest first, at most {@link #KEPT_FAILURES}
 * @param runResetAt        the latest delivered/read status, message or opt-in; null if none
 * @param suppressedAt      when a run reached the threshold; in force unless {@code reachedOutAt} is not before it
 * @param reachedOutAt      the latest message or opt-in of the contact
 * @param pairRateLimitedAt per business number, the latest 131056
 */
public record DeliveryFeedback(List<Instant> undeliverableAt, Instant runResetAt, Instant suppressedAt, Instant reachedOutAt,
                               Map<String, Instant> pairRateLimitedAt) {

    /** Bounds the state; a run longer than this is suppressed long before (the threshold is a handful). */
    public static final int KEPT_FAILURES = 32;

    public static final DeliveryFeedback NONE = new DeliveryFeedback(List.of(), null, null, null, Map.of());

    public DeliveryFeedback {
        undeliverableAt = List.copyOf(undeliverableAt);
        pairRateLimitedAt = Map.copyOf(pairRateLimitedAt);
    }

    public boolean isSuppressed() {
        return suppressedAt != null && (reachedOutAt == null || reachedOutAt.isBefore(suppressedAt));
    }

    /** When the suppression in force began, or null. */
    public Instant suppressedSince() {
        return isSuppressed() ? suppressedAt : null;
    }

    /** Until when the pair with this number is backed off, or null when it never hit the pair rate limit. */
    public Instant pairBackoffUntil(String senderId, DeliveryPolicy policy) {
        Instant at = pairRateLimitedAt.get(senderId);
        return at == null ? null : at.plus(policy.pairBackoff());
    }

    /** A 131026: counted in the run unless a reset is not older than it; the run may now reach the threshold. */
    DeliveryFeedback undeliverable(Instant at, DeliveryPolicy policy) {
        if (runResetAt != null && !at.isAfter(runResetAt)) {
            return this;
        }
        List<Instant> run = new ArrayList<>(undeliverableAt);
        if (run.contains(at)) {
            return this;
        }
        run.add(at);
        run.sort(null);
        Instant reached = firstReached(run, policy.undeliverableThreshold(), policy.undeliverableWindow());
        Instant suppressed = suppressedAt;
        if (reached != null) {
            suppressed = isSuppressed() && suppressedAt.isBefore(reached) ? suppressedAt : reached;
        }
        List<Instant> kept = run.size() > KEPT_FAILURES ? run.subList(run.size() - KEPT_FAILURES, run.size()) : run;
        return new DeliveryFeedback(kept, runResetAt, suppressed, reachedOutAt, pairRateLimitedAt);
    }

    /** A delivered or read status: the run starts again after it. */
    DeliveryFeedback delivered(Instant at) {
        return reset(at, reachedOutAt);
    }

    /** A message or an opt-in of the contact: the run starts again, and a suppression not after it is lifted. */
    DeliveryFeedback reachedOut(Instant at) {
        return reset(at, latest(reachedOutAt, at));
    }

    DeliveryFeedback pairRateLimited(String senderId, Instant at) {
        Map<String, Instant> pairs = new HashMap<>(pairRateLimitedAt);
        pairs.merge(senderId, at, DeliveryFeedback::latest);
        return new DeliveryFeedback(undeliverableAt, runResetAt, suppressedAt, reachedOutAt, pairs);
    }

    /**
     * The two identities of one person: the failures and resets of both, the earliest suppression in force. A run the union
     * completes only suppresses at its next failure (the policy is the fold's).
     */
    static DeliveryFeedback merge(DeliveryFeedback mine, DeliveryFeedback theirs) {
        Instant reset = latest(mine.runResetAt, theirs.runResetAt);
        java.util.TreeSet<Instant> run = new java.util.TreeSet<>(mine.undeliverableAt);
        run.addAll(theirs.undeliverableAt);
        run.removeIf(failure -> reset != null && !failure.isAfter(reset));
        List<Instant> kept = new ArrayList<>(run);
        if (kept.size() > KEPT_FAILURES) {
            kept = kept.subList(kept.size() - KEPT_FAILURES, kept.size());
        }
        Map<String, Instant> pairs = new HashMap<>(mine.pairRateLimitedAt);
        theirs.pairRateLimitedAt.forEach((senderId, at) -> pairs.merge(senderId, at, DeliveryFeedback::latest));
        return new DeliveryFeedback(kept, reset, earliest(mine.suppressedSince(), theirs.suppressedSince()),
                latest(mine.reachedOutAt, theirs.reachedOutAt), pairs);
    }

    private DeliveryFeedback reset(Instant at, Instant reachedOut) {
        Instant reset = latest(runResetAt, at);
        List<Instant> run = undeliverableAt.stream().filter(failure -> failure.isAfter(reset)).toList();
        return new DeliveryFeedback(run, reset, suppressedAt, reachedOut, pairRateLimitedAt);
    }

    /** The earliest failure at which {@code threshold} failures of the sorted run lie within {@code window}, or null. */
    static Instant firstReached(List<Instant> sortedRun, int threshold, Duration window) {
        for (int last = threshold - 1; last < sortedRun.size(); last++) {
            Instant first = sortedRun.get(last - threshold + 1);
            if (Duration.between(first, sortedRun.get(last)).compareTo(window) < 0) {
                return sortedRun.get(last);
            }
        }
        return null;
    }

    private static Instant latest(Instant a, Instant b) {
        return a == null ? b : b == null || !b.isAfter(a) ? a : b;
    }

    private static Instant earliest(Instant a, Instant b) {
        return a == null ? b : b == null || !b.isBefore(a) ? a : b;
    }
}
