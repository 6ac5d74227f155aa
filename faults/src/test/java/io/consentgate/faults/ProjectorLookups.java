package io.consentgate.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The projector's contact lookup over HTTP, as a support tool calls it (with the API key). */
final class ProjectorLookups {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String baseUrl;

    /** What the projector answered about one contact: the status, the body when it is 200, and whether it said Retry-After. */
    record Lookup(int status, String body, boolean retryAfter) {

        Lookup(int status, String body) {
            this(status, body, false);
        }

        boolean found() {
            return status == 200;
        }

        /** Where the contact stands for MARKETING now (OPTED_IN, OPTED_OUT, EXPIRED, NONE), or null when not found. */
        String marketingStanding() {
            if (!found()) {
                return null;
            }
            try {
                JsonNode standing = JSON.readTree(body).path("standing").path("MARKETING");
                return standing.isMissingNode() ? null : standing.asText();
            } catch (IOException e) {
                throw new IllegalStateException("the projector answered 200 with a body that is not JSON: " + body, e);
            }
        }
    }

    ProjectorLookups(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** GET /v1/businesses/{business}/contacts/{contact}; status -1 when the projector did not answer at all. */
    Lookup contact(String businessId, String contact) {
        return get(contactPath(businessId, contact));
    }

    /** GET …/contacts/{contact}/history: the consent facts with their proof, oldest first. */
    Lookup history(String businessId, String contact) {
        return get(contactPath(businessId, contact) + "/history");
    }

    /**
     * The state (and, for every {@code historyEvery}-th contact, the history) of each contact as the projector answers
     * now, read by a few threads at once: contact → body, or → "status N" when it was not found.
     */
    Map<String, String> snapshot(String businessId, List<String> contacts, int historyEvery) {
        Map<String, String> answers = new ConcurrentHashMap<>();
        try (ExecutorService readers = Executors.newFixedThreadPool(4)) {
            for (int i = 0; i < contacts.size(); i++) {
                String contact = contacts.get(i);
                boolean withHistory = i % historyEvery == 0;
                readers.submit(() -> {
                    Lookup state = contact(businessId, contact);
                    String answer = state.found() ? state.body() : "status " + state.status();
                    if (withHistory && state.found()) {
                        Lookup history = history(businessId, contact);
                        answer += "\n" + (history.found() ? history.body() : "history status " + history.status());
                    }
                    answers.put(contact, answer);
                });
            }
        }
        return answers;
    }

    private static String contactPath(String businessId, String contact) {
        return "/v1/businesses/" + businessId + "/contacts/" + URLEncoder.encode(contact, StandardCharsets.UTF_8);
    }

    private Lookup get(String path) {
        HttpRequest request = ServiceHttp.withKey(baseUrl + path).timeout(Duration.ofSeconds(10)).GET().build();
        return ServiceHttp.answer(http, request, HttpResponse.BodyHandlers.ofString())
                .map(response -> new Lookup(response.statusCode(), response.statusCode() == 200 ? response.body() : null,
                        response.headers().firstValue("Retry-After").isPresent()))
                .orElse(new Lookup(-1, null));
    }
}
