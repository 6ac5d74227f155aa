package io.consentgate.gate.topology;

import org.apache.kafka.common.TopicPartition;

/**
 * What the fetch fences need from the broker about the topics the fold reads ({@code contact-events} and the
 * gate's internal topic of rerouted contact events), answered in the background so the stream thread never
 * waits on the broker.
 *
 * <p>Last stable offsets (what a read_committed consumer can reach): a request's fence must be read
 * after the request arrived, so {@link #requestRead} hands out a ticket, and only a {@link Read}
 * numbered at or above it qualifies (the ticket rule, {@link Read#qualifiesFor}).
 *
 * <p>Gap checks: whether a range of offsets holds any record the fold would see (a committed record
 * that decodes). Offsets below the last stable offset never change, so an answer stays true.
 */
public interface ContactEventsEndOffsets {

    /**
     * Asks for the partition's last stable offset to be read again.
     *
     * @return the ticket: every read numbered at or above it is sent to the broker after this call
     */
    long requestRead(TopicPartition partition);

    /** The partition's latest completed read, or null if none completed since it was first requested. */
    Read latest(TopicPartition partition);

    /** Asks whether offsets {@code from} (inclusive) to {@code to} (exclusive) of the partition hold a record the fold would see. */
    void requestGapCheck(TopicPartition partition, long from, long to);

    /** The partition's latest answered gap check, or null. */
    GapCheck gapCheck(TopicPartition partition);

    /**
     * @param number           reads are numbered in the order they were sent
     * @param lastStableOffset the offset after the partition's last committed record at the time of the read
     */
    record Read(long number, long lastStableOffset) {

        /**
         * The ticket rule: a read may be the fence of a request parked with {@code ticket} only if it was sent after the
         * request arrived, i.e. numbered at or above the ticket. An older read could miss an event acknowledged just
         * before the request.
         */
        public boolean qualifiesFor(long ticket) {
            return number >= ticket;
        }
    }

    /** @param empty true when no record the fold would see lies in [from, to) */
    record GapCheck(long from, long to, boolean empty) {
    }
}
