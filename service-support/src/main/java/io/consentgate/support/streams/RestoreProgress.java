package io.consentgate.support.streams;

import java.time.Duration;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says what a restore is doing: a new instance, a wiped disk or moved partitions rebuild their stores from the
 * changelogs before they serve, which can take minutes. A progress line at most every {@link #PROGRESS_EVERY}, and
 * one line when every store being restored is done: records, stores and the time it took. Nothing when there is
 * nothing to restore.
 */
final class RestoreProgress implements StateRestoreListener {

    static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);
    private static final Logger log = LoggerFactory.getLogger(RestoreProgress.class);

    private final String service;
    private int restoring;
    private int stores;
    private long toRestore;
    private long restored;
    private long startedAt;
    private long lastProgressAt;

    RestoreProgress(String service) {
        this.service = service;
    }

    @Override
    public synchronized void onRestoreStart(TopicPartition partition, String store, long startingOffset, long endingOffset) {
        if (restoring == 0) {
            startedAt = System.nanoTime();
            lastProgressAt = startedAt;
            stores = 0;
            toRestore = 0;
            restored = 0;
        }
        restoring++;
        stores++;
        toRestore += Math.max(0, endingOffset - startingOffset);
    }

    @Override
    public synchronized void onBatchRestored(TopicPartition partition, String store, long batchEndOffset, long numRestored) {
        restored += numRestored;
        long now = System.nanoTime();
        if (now - lastProgressAt >= PROGRESS_EVERY.toNanos()) {
            lastProgressAt = now;
            // The changelog's offsets include transaction markers: the records restored end somewhat below the estimate.
            log.info("{}: restoring state from the changelogs: {} of about {} records, {} s so far", service, restored, toRestore,
                    (now - startedAt) / 1_000_000_000L);
        }
    }

    @Override
    public void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {
        finished();
    }

    @Override
    public void onRestoreSuspended(TopicPartition partition, String store, long totalRestored) {
        finished();
    }

    private synchronized void finished() {
        if (restoring == 0) {
            return;
        }
        if (--restoring == 0) {
            long millis = (System.nanoTime() - startedAt) / 1_000_000L;
            log.info("{}: restored {} records into {} store partitions in {} ms", service, restored, stores, millis);
        }
    }
}
