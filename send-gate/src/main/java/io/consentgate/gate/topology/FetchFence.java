package io.consentgate.gate.topology;

import java.util.function.Consumer;

/**
 * When a parked request may be decided: once the task has folded every contact event that was
 * committed to its {@code contact-events} partition before the request arrived. The fence is that
 * partition's last stable offset, read after the request arrived (the ticket rule:
 * {@link ContactEventsEndOffsets.Read#qualifiesFor}); an opt-out acknowledged before the request was
 * produced lies below it. It is reached when the offset of the last folded event is at least
 * fence - 1. Requests leave in arrival order: one whose fence is not reached holds up those behind it.
 *
 * <p>Some offsets never reach the fold: transaction markers and aborted records of a transactional
 * writer, an undecodable record (sent to the dead letters), records removed by retention before a
 * new gate read them. When the fold has not moved for the gap-check delay while a fence is out of
 * reach, the gate asks the broker whether anything the fold would see lies between its position and
 * the fence; if nothing does, the position moves to fence - 1 (counted:
 * {@link GateObserver#fenceGapSkipped}). If something does, the fold is only behind, and the request
 * waits for it however long that takes. No request is ever decided before its fence is reached.
 */
final class FetchFence {

    /** No read of the partition's offsets qualified yet. */
    static final long UNKNOWN = -1;

    private final int partition;
    private final ContactEventsEndOffsets endOffsets;
    private final PendingRequests pending;
    private final ContactEventPositions positions;
    private final long gapCheckAfterMillis;
    private final GateObserver observer;
    private long observedPosition;
    private long lastProgressAt;
    private long lastGapCheckAt;

    FetchFence(int partition, ContactEventsEndOffsets endOffsets, PendingRequests pending, ContactEventPositions positions,
               long gapCheckAfterMillis, GateObserver observer) {
        this.partition = partition;
        this.endOffsets = endOffsets;
        this.pending = pending;
        this.positions = positions;
        this.gapCheckAfterMillis = gapCheckAfterMillis;
        this.observer = observer;
    }

    /** At task start: the requests parked by an earlier run wait again, for new fences. */
    void start(long now) {
        pending.reload(endOffsets, partition, now);
        observedPosition = positions.lastFolded(partition);
        lastProgressAt = now;
    }

    void park(PendingRequest request, long now) {
        pending.park(request, endOffsets.requestRead(partition), now);
    }

    /** Hands the requests that may be decided now to {@code decide}, oldest first; stops at the first that may not. */
    void release(long now, Consumer<PendingRequest> decide) {
        if (pending.isEmpty()) {
            return;
        }
        ContactEventsEndOffsets.Read read = endOffsets.latest(partition);
        if (read != null) {
            pending.fence(read);
        }
        noteProgress(positions.lastFolded(partition), now);
        for (PendingRequests.Waiting head = pending.head(); head != null; head = pending.head()) {
            if (head.fence() == UNKNOWN) {
                return; // no read qualifies for it yet
            }
            long folded = positions.lastFolded(partition);
            if (!reached(head.fence(), folded)) {
                ContactEventsEndOffsets.GapCheck check = endOffsets.gapCheck(partition);
                if (!provesNothingToFold(check, folded, head.fence())) {
                    askForAGapCheckIfTheFoldStandsStill(head, folded, now);
                    return;
                }
                skipGap(check, folded);
            }
            decide.accept(pending.removeHead());
        }
    }

    private void noteProgress(long folded, long now) {
        if (folded != observedPosition) {
            observedPosition = folded;
            lastProgressAt = now;
        }
    }

    /** An answered gap check that covers everything between the fold's position and the fence, and found nothing there. */
    private static boolean provesNothingToFold(ContactEventsEndOffsets.GapCheck check, long folded, long fence) {
        return check != null && check.empty() && check.from() <= folded + 1 && check.to() >= fence;
    }

    /** Treats the checked range as folded: nothing in it will ever reach the fold. */
    private void skipGap(ContactEventsEndOffsets.GapCheck check, long folded) {
        positions.skipTo(partition, check.to() - 1);
        observer.fenceGapSkipped(partition, folded + 1, check.to());
    }

    /** Once the fold, the last check and the head's wait have all lasted the gap-check delay, asks for [folded + 1, fence). */
    private void askForAGapCheckIfTheFoldStandsStill(PendingRequests.Waiting head, long folded, long now) {
        long waitingSince = Math.max(Math.max(lastProgressAt, lastGapCheckAt), head.parkedAt());
        if (now - waitingSince >= gapCheckAfterMillis) {
            endOffsets.requestGapCheck(partition, folded + 1, head.fence());
            lastGapCheckAt = now;
        }
    }

    private static boolean reached(long fence, long lastFolded) {
        return fence != UNKNOWN && lastFolded + 1 >= fence;
    }
}
