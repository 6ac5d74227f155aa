package io.consentgate.testing;

import java.time.Duration;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.errors.WakeupException;

/**
 * A consumer polled on a platform thread of its own until closed, each batch handed to {@code onBatch}: how the fault
 * scenarios and the benchmark read decisions while their load runs. What stops it is kept, so that the figures read
 * from it are never trusted after a failure ({@link #check}).
 */
public final class PollingThread<K, V> implements AutoCloseable {

    private final org.apache.kafka.clients.consumer.Consumer<K, V> consumer;
    private final Consumer<ConsumerRecords<K, V>> onBatch;
    private final String name;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile RuntimeException failure;

    /** Starts polling {@code consumer} (which it closes) on a thread named {@code name}. */
    public PollingThread(String name, org.apache.kafka.clients.consumer.Consumer<K, V> consumer, Consumer<ConsumerRecords<K, V>> onBatch) {
        this.name = name;
        this.consumer = consumer;
        this.onBatch = onBatch;
        this.thread = Thread.ofPlatform().name(name).start(this::run);
    }

    private void run() {
        try {
            while (running) {
                onBatch.accept(consumer.poll(Duration.ofMillis(100)));
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** Throws what stopped the thread, if anything did: what it read is incomplete. */
    public void check() {
        if (failure != null) {
            throw new IllegalStateException("the " + name + " thread failed: " + failure, failure);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(10_000);
    }
}
