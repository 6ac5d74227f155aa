package io.consentgate.gate.topology;

import java.util.function.Consumer;

/**
 * When a parked request may be decided: once the task has folded every contact event that was
 * committed to its {@code contact-events} partition before the request arrived. The fence is that
 * partition's last stable offset read after the request arrived; an opt-out acknowledged before the
 * request was produced lies below it. It is reached when the offset of the last folded event is at
 * least fence - 1. Requests leave in arrival order.
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

    /** Hands the requests that may be decided now to {@code decide}, oldest first. */
    void release(long now, Consumer<PendingRequest> decide) {
        if (pending.isEmpty()) {
            return;
        }
        ContactEventsEndOffsets.Read read = endOffsets.latest(partition);
        if (read != null) {
            pending.fence(read);
        }
        long folded = positions.lastFolded(partition);
        if (folded != observedPosition) {
            observedPosition = folded;
            lastProgressAt = now;
        }
        for (PendingRequests.Waiting head = pending.head(); head != null; head = pending.head()) {
            if (!reached(head.fence(), folded) && !(head.fence() != UNKNOWN && skipGap(head.fence(), folded, now))) {
                return;
            }
            folded = positions.lastFolded(partition);
            decide.accept(pending.removeHead());
        }
    }

    /** True once a gap check found nothing to fold between the position and the fence; asks for one when the fold stands still. */
    private boolean skipGap(long fence, long folded, long now) {
        ContactEventsEndOffsets.GapCheck check = endOffsets.gapCheck(partition);
        if (check != null && check.empty() && check.from() <= folded + 1 && check.to() >= fence) {
            positions.skipTo(partition, check.to() - 1);
            observer.fenceGapSkipped(partition, folded + 1, check.to());
            return true;
        }
        if (now - Math.max(Math.max(lastProgressAt, lastGapCheckAt), pending.head().parkedAt()) >= gapCheckAfterMillis) {
            endOffsets.requestGapCheck(partition, folded + 1, fence);
            lastGapCheckAt = now;
        }
        return false;
    }

    static boolean reached(long fence, long lastFolded) {
        return fence != UNKNOWN && lastFolded + 1 >= fence;
    }
}
