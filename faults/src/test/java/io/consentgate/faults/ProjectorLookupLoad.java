package io.consentgate.faults;

import io.consentgate.testing.ServiceProcess;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Support tools looking contacts up while captures go on: a few threads, each asking one of the projector's live
 * instances in turn (as a load balancer would; a killed one is taken out of the turn, as its failing readiness takes it
 * out of a Service) about a contact that has captures, mostly recent ones. Every lookup is logged with when it was
 * asked, when answered, what came back.
 */
final class ProjectorLookupLoad implements AutoCloseable {

    /** One lookup: the contact, the instance asked, the answer (status -1: none) and the MARKETING standing of a 200. */
    record Asked(String contact, String instance, long startedAtMillis, long answeredAtMillis, int status, boolean retryAfter,
                 String standing) {
    }

    private static final int RECENT = 300;

    private final List<ServiceProcess> live;
    private final Supplier<List<IntakeCaptureLoad.Call>> calls;
    private final Queue<Asked> asked = new ConcurrentLinkedQueue<>();
    private final Map<String, ProjectorLookups> clients = new ConcurrentHashMap<>();
    private final List<Thread> threads = new ArrayList<>();
    private final long pauseNanos;
    private volatile boolean running = true;

    ProjectorLookupLoad(List<ServiceProcess> instances, Supplier<List<IntakeCaptureLoad.Call>> calls, int threadCount,
                        int lookupsPerSecondPerThread) {
        this.live = new CopyOnWriteArrayList<>(instances);
        this.calls = calls;
        this.pauseNanos = TimeUnit.SECONDS.toNanos(1) / lookupsPerSecondPerThread;
        for (int i = 0; i < threadCount; i++) {
            long seed = 104_729L * (i + 1);
            int first = i;
            threads.add(Thread.ofPlatform().name("projector-lookups-" + i).daemon().start(() -> run(new Random(seed), first)));
        }
    }

    private void run(Random random, int turn) {
        List<IntakeCaptureLoad.Call> known = List.of();
        long refreshedAt = 0;
        while (running) {
            long started = System.nanoTime();
            if (System.currentTimeMillis() - refreshedAt > 500) {
                known = calls.get();
                refreshedAt = System.currentTimeMillis();
            }
            if (!known.isEmpty()) {
                // Two in three from the newest calls (their partitions are being written), the rest from any.
                int index = random.nextInt(3) < 2
                        ? known.size() - 1 - random.nextInt(Math.min(RECENT, known.size()))
                        : random.nextInt(known.size());
                List<ServiceProcess> instances = live;
                ServiceProcess instance = instances.get(Math.floorMod(turn++, instances.size()));
                ask(instance, known.get(index).contact());
            }
            long left = pauseNanos - (System.nanoTime() - started);
            if (left > 0) {
                LockSupport.parkNanos(left);
            }
        }
    }

    private void ask(ServiceProcess instance, String contact) {
        long started = System.currentTimeMillis();
        ProjectorLookups.Lookup lookup = clients.computeIfAbsent(instance.baseUrl(), ProjectorLookups::new).contact(FaultStack.BUSINESS, contact);
        asked.add(new Asked(contact, instance.name(), started, System.currentTimeMillis(), lookup.status(), lookup.retryAfter(),
                lookup.marketingStanding()));
    }

    /** Takes {@code instance} out of the turn (before it is killed: lookups then go to the others only). */
    void withdraw(ServiceProcess instance) {
        live.remove(instance);
    }

    /** Stops the threads after their current lookup and returns every lookup made. */
    List<Asked> stop() throws InterruptedException {
        running = false;
        for (Thread thread : threads) {
            thread.join(30_000);
        }
        return List.copyOf(asked);
    }

    @Override
    public void close() {
        running = false;
    }
}
