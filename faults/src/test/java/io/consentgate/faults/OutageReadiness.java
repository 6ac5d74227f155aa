package io.consentgate.faults;

import io.consentgate.testing.ServiceProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Watches the readiness probe of each service every 250 ms, as the platform would, and keeps every change of its
 * answer: when it stopped being 200 during an outage, and when it was 200 again.
 */
final class OutageReadiness implements AutoCloseable {

    private static final Duration EVERY = Duration.ofMillis(250);

    /** From {@code atMillis} on, readiness answered {@code status} (-1: no answer). */
    record Change(long atMillis, int status) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final Map<String, List<Change>> changes = new ConcurrentHashMap<>();
    private final Thread watcher;
    private volatile boolean watching = true;

    OutageReadiness(List<ServiceProcess> services) {
        services.forEach(service -> changes.put(service.name(), new ArrayList<>()));
        watcher = Thread.ofPlatform().name("outage-readiness").daemon().start(() -> {
            while (watching) {
                for (ServiceProcess service : services) {
                    int status = readiness(service);
                    List<Change> list = changes.get(service.name());
                    synchronized (list) {
                        if (list.isEmpty() || list.getLast().status() != status) {
                            list.add(new Change(System.currentTimeMillis(), status));
                        }
                    }
                }
                try {
                    Thread.sleep(EVERY);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    private int readiness(ServiceProcess service) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(service.baseUrl() + "/actuator/health/readiness"))
                .timeout(Duration.ofSeconds(2)).build();
        return ServiceHttp.answer(http, request, HttpResponse.BodyHandlers.discarding()).map(HttpResponse::statusCode).orElse(-1);
    }

    /** The changes of {@code service}'s readiness so far. */
    List<Change> changes(String service) {
        List<Change> list = changes.get(service);
        synchronized (list) {
            return List.copyOf(list);
        }
    }

    /** Whether readiness answered anything but 200 between the two instants. */
    boolean droppedBetween(String service, long fromMillis, long toMillis) {
        List<Change> list = changes(service);
        for (int i = 0; i < list.size(); i++) {
            Change change = list.get(i);
            long until = i + 1 < list.size() ? list.get(i + 1).atMillis() : Long.MAX_VALUE;
            if (change.status() != 200 && change.atMillis() <= toMillis && until > fromMillis) {
                return true;
            }
        }
        return false;
    }

    /**
     * When readiness was 200 again for good after an outage: the last change to 200 in {@code (fromMillis, untilMillis]},
     * or {@code fromMillis} when it was 200 then and never dropped; -1 when it was not 200 at {@code untilMillis}.
     */
    long readyAgainAt(String service, long fromMillis, long untilMillis) {
        List<Change> list = changes(service);
        int statusAtUntil = -1;
        long readySince = -1;
        for (Change change : list) {
            if (change.atMillis() > untilMillis) {
                break;
            }
            // Only changes are kept, so each one to 200 starts a new stretch of readiness.
            statusAtUntil = change.status();
            readySince = change.status() == 200 ? change.atMillis() : -1;
        }
        return statusAtUntil == 200 ? Math.max(fromMillis, readySince) : -1;
    }

    /** Whether readiness answers 200 now (as last seen). */
    boolean readyNow(String service) {
        List<Change> list = changes(service);
        return !list.isEmpty() && list.getLast().status() == 200;
    }

    @Override
    public void close() {
        watching = false;
        watcher.interrupt();
    }
}
