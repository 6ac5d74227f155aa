package io.consentgate.gate.topology;

import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * When a parked request may be decided: once the task has folded every contact event that was
 * committed before the request arrived to each partition its fold reads: its {@code contact-events}
 * partition, and its partition of the internal topic that reroutes misrouted contact events to their
 * home partition (see {@link GateTopology}). Each fence is that partition's last stable offset, read
 * after the request arrived (the ticket rule: {@link ContactEventsEndOffsets.Read#qualifiesFor}); an
 * opt-out acknowledged before the request was produced lies below it. A fence is reached when the
 * offset of the last event folded from the partition is at least fence - 1; a request leaves when all
 * its fences are. Requests leave in arrival order: one whose fences are not reached holds up those
 * behind it.
 *
 * <p>Some offsets never reach the fold: transaction markers and aborted records of a transactional
 * writer (the gate writes the rerouted topic in transactions, so a marker follows each batch there),
 * an undecodable record (sent to the dead letters), records removed by retention before a new gate
 * read them. When the fold has not moved for the source's gap-check delay while a fence is out of
 * reach, the gate asks the broker whether anything the fold would see lies between its position and
 * the fence; if nothing does, the position moves to fence - 1 (counted:
 * {@link GateObserver#fenceGapSkipped}). If something does, the fold is only behind, and the request
 * waits for it however long that takes. No request is ever decided before its fences are reached.
 */
final class FetchFence {

    /** No read of the partition's offsets qualified yet. */
    static final long UNKNOWN = -1;

    /**
     * A partition the fold reads, with where its position is kept.
     *
     * @param gapCheckAfterMillis how long the fold may stand still below a fence before the gate asks about a gap
     */
    record Source(TopicPartition partition, ContactEventPositions positions, long gapCheckAfterMillis) {

        long lastFolded() {
            return positions.lastFolded(partition.partition());
        }
    }

    private final List<Tracked> sources;
    private final ContactEventsEndOffsets endOffsets;
    private final PendingRequests pending;
    private final GateObserver observer;

    FetchFence(List<Source> sources, ContactEventsEndOffsets endOffsets, PendingRequests pending, GateObserver observer) {
        this.sources = sources.stream().map(Tracked::new).toList();
        this.endOffsets = endOffsets;
        this.pending = pending;
        this.observer = observer;
    }

    /** At task start: the requests parked by an earlier run wait again, for new fences. */
    void start(long now) {
        pending.reload(this::tickets, now);
        for (Tracked tracked : sources) {
            tracked.observedPosition = tracked.source.lastFolded();
            tracked.lastProgressAt = now;
        }
    }

    void park(PendingRequest request, long now) {
        pending.park(request, tickets(), now);
    }

    private long[] tickets() {
        long[] tickets = new long[sources.size()];
        for (int i = 0; i < tickets.length; i++) {
            tickets[i] = endOffsets.requestRead(sources.get(i).source.partition());
        }
        return tickets;
    }

    /** Hands the requests that may be decided now to {@code decide}, oldest first; stops at the first that may not. */
    void release(long now, Consumer<PendingRequest> decide) {
        if (pending.isEmpty()) {
            return;
        }
        for (int i = 0; i < sources.size(); i++) {
            Tracked tracked = sources.get(i);
            ContactEventsEndOffsets.Read read = endOffsets.latest(tracked.source.partition());
            if (read != null) {
                pending.fence(i, read);
            }
            tracked.noteProgress(now);
        }
        for (PendingRequests.Waiting head = pending.head(); head != null; head = pending.head()) {
            if (!fencesReached(head, now)) {
                return;
            }
            decide.accept(pending.removeHead());
        }
    }

    /** Whether every fence of the head is reached, skipping a gap the broker proved empty; asks about one when due. */
    private boolean fencesReached(PendingRequests.Waiting head, long now) {
        for (int i = 0; i < sources.size(); i++) {
            if (head.fence(i) == UNKNOWN) {
                return false; // no read qualifies for it yet
            }
        }
        for (int i = 0; i < sources.size(); i++) {
            Tracked tracked = sources.get(i);
            long fence = head.fence(i);
            long folded = tracked.source.lastFolded();
            if (!reached(fence, folded)) {
                ContactEventsEndOffsets.GapCheck check = endOffsets.gapCheck(tracked.source.partition());
                if (!provesNothingToFold(check, folded, fence)) {
                    tracked.askForAGapCheckIfTheFoldStandsStill(head, folded, fence, now);
                    return false;
                }
                skipGap(tracked.source, check, folded);
            }
        }
        return true;
    }

    /** An answered gap check that covers everything between the fold's position and the fence, and found nothing there. */
    private static boolean provesNothingToFold(ContactEventsEndOffsets.GapCheck check, long folded, long fence) {
        return check != null && check.empty() && check.from() <= folded + 1 && check.to() >= fence;
    }

    /** Treats the checked range as folded: nothing in it will ever reach the fold. */
    private void skipGap(Source source, ContactEventsEndOffsets.GapCheck check, long folded) {
        source.positions().skipTo(source.partition().partition(), check.to() - 1);
        observer.fenceGapSkipped(source.partition().topic(), source.partition().partition(), folded + 1, check.to());
    }

    private static boolean reached(long fence, long lastFolded) {
        return fence != UNKNOWN && lastFolded + 1 >= fence;
    }

    /** A source with what this run saw of its fold's progress. */
    private final class Tracked {
        private final Source source;
        private long observedPosition;
        private long lastProgressAt;
        private long lastGapCheckAt;

        private Tracked(Source source) {
            this.source = source;
        }

        private void noteProgress(long now) {
            long folded = source.lastFolded();
            if (folded != observedPosition) {
                observedPosition = folded;
                lastProgressAt = now;
            }
        }

        /** Once the fold, the last check and the head's wait have all lasted the gap-check delay, asks for [folded + 1, fence). */
        private void askForAGapCheckIfTheFoldStandsStill(PendingRequests.Waiting head, long folded, long fence, long now) {
            long waitingSince = Math.max(Math.max(lastProgressAt, lastGapCheckAt), head.parkedAt());
            if (now - waitingSince >= source.gapCheckAfterMillis()) {
                endOffsets.requestGapCheck(source.partition(), folded + 1, fence);
                lastGapCheckAt = now;
            }
        }
    }
}
