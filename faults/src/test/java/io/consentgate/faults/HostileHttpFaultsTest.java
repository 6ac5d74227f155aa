package io.consentgate.faults;

import static io.consentgate.faults.HostileBodies.MARKER_DIGITS;
import static io.consentgate.faults.HostileBodies.MARKER_NAME;
import static io.consentgate.faults.HostileBodies.MARKER_PHONE;
import static io.consentgate.faults.HostileCalls.clientError;
import static io.consentgate.faults.HostileCalls.refusedAsInvalid;
import static io.consentgate.faults.HostileCalls.request;
import static io.consentgate.faults.HostileCalls.status;
import static io.consentgate.faults.ServiceHttp.withKey;
import static org.assertj.core.api.Assertions.assertThat;

import io.consentgate.faults.HostileBodies.Body;
import io.consentgate.faults.HostileCalls.Answered;
import io.consentgate.faults.HostileCalls.Kind;
import io.consentgate.schemas.Topic;
import io.consentgate.schemas.Topics;
import io.consentgate.testing.HttpAwait;
import io.consentgate.testing.ServiceProcess;
import io.consentgate.testing.WebhookSignatures;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * Hostile HTTP against the three services' APIs, each from its jar: consent-events (capture, imports, webhook), the
 * projector (contacts, audience, erasure) and the gate (explain). Every non-public endpoint (enumerated here, and
 * checked against the projector's own /v3/api-docs) is called without a key, with wrong ones and through paths that
 * try to pass for a public one; with fuzzed bodies (seeded), 20 MB bodies and wrong content types; the webhook with
 * forged signatures and a replayed genuine delivery. Then: every answer is the expected 4xx, never 5xx or 2xx; the
 * only records on contact-events and business-events are the one genuine delivery's; and neither the marker phone
 * number nor the marker name in the hostile bodies appears in any answer or in any service's log.
 */
class HostileHttpFaultsTest {

    private static final String SCENARIO = "hostile-http";
    private static final String EVENTS = "consent-events";
    private static final String PROJECTOR = "consent-projector";
    private static final String GATE = "send-gate";
    private static final String KEY_HEADER = ServiceHttp.KEY_HEADER;
    private static final String SIGNATURE_HEADER = "X-Hub-Signature-256";
    private static final String JSON = "application/json";
    private static final int HUGE_MB = 20;
    private static final int HUGE_IMPORT_MB = 60;
    private static final List<String> WRONG_CONTENT_TYPES = List.of("text/plain", "application/xml",
            "application/x-www-form-urlencoded", "multipart/form-data; boundary=faults", "application/octet-stream");
    private static final Pattern PUBLISHED = Pattern.compile("\"published\"\\s*:\\s*(\\d+)");

    private static final String OPT_IN = """
            {"contact":"%s","businessName":"Faults Retail","scopes":[{"category":"MARKETING"}],"channel":"WEB_FORM",\
            "noticeVersion":"v1","noticeText":"Acepto","language":"es-ES","evidenceRef":"crm/%s","ipAddress":"203.0.113.7",\
            "userAgent":"Mozilla/5.0"}""".formatted(MARKER_PHONE, MARKER_NAME);
    private static final String OPT_OUT = """
            {"contact":"%s","channel":"SMS","method":"KEYWORD","evidenceRef":"sms/%s"}""".formatted(MARKER_PHONE, MARKER_NAME);
    private static final String EXPLAIN = """
            {"requestId":"explain-%s","businessId":"%s","senderId":"%s","contact":"%s","kind":"TEMPLATE",\
            "template":{"name":"faults_order_update","language":"es","category":"UTILITY"}}"""
            .formatted(MARKER_NAME, FaultStack.BUSINESS, FaultStack.SENDER, MARKER_PHONE);
    private static final String ERASURE = """
            {"requestId":"dsr-%s","requestedBy":"dpo@faults.example"}""".formatted(MARKER_NAME);
    private static final String CSV_HEADER = "type,contact,businessName,scopes,channel,noticeVersion,noticeText,language,evidenceRef\n";

    @Test
    void shouldRefuseEveryHostileCallWithA4xxPublishNothingAndLeakNothing() throws Exception {
        int fuzzPerEndpoint = FaultsForm.pick(30, 300);
        Random random = new Random(20261122L);
        try (FaultStack stack = FaultStack.start(SCENARIO, 2)) {
            ServiceProcess events = stack.events(EVENTS, Map.of());
            ServiceProcess projector = stack.projector(PROJECTOR, Map.of());
            ServiceProcess gate = stack.gate(GATE, Map.of());
            events.start();
            projector.start();
            gate.start();
            events.awaitReady();
            projector.awaitReady();
            gate.awaitReady();
            // The projector's readiness does not cover its stores: wait until a lookup answers (404: nobody), so that no
            // hostile call meets a store still starting and its honest 503 ("ask again") counts as a 5xx.
            HttpAwait.answer("the projector's lookups", () -> HostileCalls.send(withKey(projector.baseUrl() + "/v1/businesses/"
                    + FaultStack.BUSINESS + "/contacts/" + encode("+34600999888")).GET().build()));

            // One genuine delivery first: the replay's original, and the only records the topics may hold at the end.
            byte[] genuine = webhookDelivery("34600111222", "Genuine Sender", "wamid.faults-genuine-1").getBytes(StandardCharsets.UTF_8);
            HttpResponse<String> original = HostileCalls.send(request(events.baseUrl() + "/webhooks/whatsapp")
                    .header("Content-Type", JSON).header(SIGNATURE_HEADER, sign(genuine)).POST(BodyPublishers.ofByteArray(genuine)).build());
            assertThat(original.statusCode()).as("the genuine delivery: %s", original.body()).isEqualTo(200);
            long genuineRecords = recordsOn(stack, Topics.CONTACT_EVENTS) + recordsOn(stack, Topics.BUSINESS_EVENTS);

            Set<String> documented = documentedPaths(projector);
            HostileCalls calls = new HostileCalls();
            long started = System.nanoTime();
            credentials(calls, events, projector, gate);
            fuzzedBodies(calls, events, projector, gate, fuzzPerEndpoint, random);
            hugeBodiesAndContentTypes(calls, events, projector, gate);
            webhook(calls, events, genuine, random);
            System.out.println("[faults] " + SCENARIO + ": " + calls.size() + " hostile calls " + calls.countByKind());
            List<Answered> answers = calls.run();
            double seconds = (System.nanoTime() - started) / 1e9;
            writeAnswers(stack, answers);

            // What they did: the answers, the topics, the logs.
            List<Answered> unexpected = answers.stream().filter(answer -> !answer.asExpected()).toList();
            List<Answered> wrongStatus = answers.stream().filter(answer -> answer.status() >= 500 && answer.status() != PlainResponse.NO_ANSWER
                    || answer.status() < 300 && !(answer.call().kind() == Kind.REPLAY && answer.asExpected())).toList();
            List<Answered> noAnswer = answers.stream().filter(answer -> answer.status() == PlainResponse.NO_ANSWER).toList();
            List<Answered> leakingAnswers = answers.stream().filter(answer -> leaks(answer.response().body())).toList();
            Thread.sleep(1_000); // a publish that a hostile call started would be acknowledged by now
            long published = recordsOn(stack, Topics.CONTACT_EVENTS) + recordsOn(stack, Topics.BUSINESS_EVENTS) - genuineRecords;
            Map<String, Long> logLeaks = new LinkedHashMap<>();
            for (ServiceProcess service : List.of(events, projector, gate)) {
                logLeaks.put(service.name(), Files.readAllLines(service.log(), StandardCharsets.UTF_8).stream().filter(HostileHttpFaultsTest::leaks).count());
            }
            long leakingLogLines = logLeaks.values().stream().mapToLong(Long::longValue).sum();
            Set<String> undocumented = new TreeSet<>(documented);
            undocumented.removeAll(PROJECTOR_PATHS);
            boolean alive = events.isAlive() && projector.isAlive() && gate.isAlive();

            long wrong = wrongStatus.size() + leakingAnswers.size() + leakingLogLines + Math.max(0, published);
            Map<String, Number> figures = new LinkedHashMap<>();
            calls.countByKind().forEach((kind, count) -> figures.put(kind.name().toLowerCase() + "_calls", count));
            figures.put("answers_5xx", answers.stream().filter(a -> a.status() >= 500 && a.status() != PlainResponse.NO_ANSWER).count());
            figures.put("answers_2xx", answers.stream().filter(a -> a.status() < 300).count());
            figures.put("no_answer", noAnswer.size());
            figures.put("records_published", published);
            figures.put("leaking_answers", leakingAnswers.size());
            figures.put("leaking_log_lines", leakingLogLines);
            // The calls took 62 s in all in two runs against 2-3 s in the others, every answer as expected: which ones were slow.
            Answered slowest = answers.stream().max(Comparator.comparingLong(Answered::millis)).orElseThrow();
            figures.put("slowest_call_ms", slowest.millis());
            figures.put("calls_over_1s", answers.stream().filter(answer -> answer.millis() > 1_000).count());
            ScenarioResult result = FaultsReport.record(ScenarioResult.of(SCENARIO, 0, seconds, answers.size(), answers.size(),
                    answers.size() - unexpected.size(), 0, 0, wrong, unexpected.isEmpty() && undocumented.isEmpty() && alive, figures,
                    "every non-public endpoint of the three services; slowest call: " + slowest + "; replay answered " + replayAnswer(answers)
                            + "; projector endpoints not covered: " + (undocumented.isEmpty() ? "none" : undocumented)));
            assertThat(result.passed())
                    .as("hostile HTTP: %d of %d calls not answered as expected %s; 5xx/2xx %s; no answer %s; answers with personal data %s; "
                                    + "log lines with personal data %s; %d records published by hostile calls; projector paths in /v3/api-docs "
                                    + "not covered %s; all alive: %s (logs in %s)",
                            unexpected.size(), answers.size(), FirstFew.of(unexpected), FirstFew.of(wrongStatus), FirstFew.of(noAnswer), FirstFew.of(leakingAnswers),
                            logLeaks, published, undocumented, alive, stack.folder())
                    .isTrue();
        }
    }

    /** The projector's API as this scenario calls it; /v3/api-docs must list nothing else. */
    private static final Set<String> PROJECTOR_PATHS = Set.of(
            "/v1/businesses/{businessId}/contacts/{contact}",
            "/v1/businesses/{businessId}/contacts/{contact}/history",
            "/v1/businesses/{businessId}/contacts/{contact}/decisions",
            "/v1/businesses/{businessId}/contacts/{contact}/export",
            "/v1/businesses/{businessId}/contacts/{contact}/erasure",
            "/v1/businesses/{businessId}/audience");

    /** Every non-public endpoint: a method, a URL and a valid body, so that only what a call breaks is wrong. */
    private record Endpoint(String service, String method, String url, String contentType, String body) {
        HttpRequest.Builder request() {
            HttpRequest.Builder request = HostileCalls.request(url);
            if (body == null) {
                return request.method(method, BodyPublishers.noBody());
            }
            return request.header("Content-Type", contentType).method(method, BodyPublishers.ofString(body));
        }
    }

    private static List<Endpoint> endpoints(ServiceProcess events, ServiceProcess projector, ServiceProcess gate) {
        String business = events.baseUrl() + "/v1/businesses/" + FaultStack.BUSINESS;
        String contact = projector.baseUrl() + "/v1/businesses/" + FaultStack.BUSINESS + "/contacts/" + encode(MARKER_PHONE);
        return List.of(
                new Endpoint(EVENTS, "POST", business + "/opt-ins", JSON, OPT_IN),
                new Endpoint(EVENTS, "POST", business + "/opt-outs", JSON, OPT_OUT),
                new Endpoint(EVENTS, "POST", business + "/consent-imports", "text/csv", CSV_HEADER
                        + "opt-in," + MARKER_PHONE + ",Faults Retail,MARKETING,PAPER,v1,Acepto,es-ES,scan/" + MARKER_NAME + "\n"),
                new Endpoint(PROJECTOR, "GET", contact, null, null),
                new Endpoint(PROJECTOR, "GET", contact + "/history", null, null),
                new Endpoint(PROJECTOR, "GET", contact + "/decisions?limit=10", null, null),
                new Endpoint(PROJECTOR, "GET", contact + "/export", null, null),
                new Endpoint(PROJECTOR, "POST", contact + "/erasure", JSON, ERASURE),
                new Endpoint(PROJECTOR, "GET", projector.baseUrl() + "/v1/businesses/" + FaultStack.BUSINESS + "/audience?category=MARKETING", null, null),
                new Endpoint(GATE, "POST", gate.baseUrl() + "/v1/decisions/explain", JSON, EXPLAIN));
    }

    /** Missing and invalid keys on every non-public endpoint, and paths that try to pass for a public one. */
    private static void credentials(HostileCalls calls, ServiceProcess events, ServiceProcess projector, ServiceProcess gate) {
        Predicate<HttpResponse<String>> unauthorized = status(401, 403);
        for (Endpoint endpoint : endpoints(events, projector, gate)) {
            String what = endpoint.method() + " " + endpoint.url();
            calls.add(Kind.CREDENTIALS, endpoint.service(), "no key " + what, endpoint.request(), unauthorized);
            calls.add(Kind.CREDENTIALS, endpoint.service(), "wrong key " + what, endpoint.request().header(KEY_HEADER, "guess-" + FaultStack.API_KEY), unauthorized);
            calls.add(Kind.CREDENTIALS, endpoint.service(), "key plus a suffix " + what, endpoint.request().header(KEY_HEADER, FaultStack.API_KEY + "x"), unauthorized);
            calls.add(Kind.CREDENTIALS, endpoint.service(), "blank key " + what, endpoint.request().header(KEY_HEADER, " "), unauthorized);
            calls.add(Kind.CREDENTIALS, endpoint.service(), "wrong bearer " + what, endpoint.request().header("Authorization", "Bearer nope"), unauthorized);
            calls.add(Kind.CREDENTIALS, endpoint.service(), "basic auth " + what, endpoint.request().header("Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(("faults:" + FaultStack.API_KEY).getBytes(StandardCharsets.UTF_8))), unauthorized);
            calls.add(Kind.CREDENTIALS, endpoint.service(), "key as a query parameter " + what, HostileCalls.request(endpoint.url()
                    + (endpoint.url().contains("?") ? "&" : "?") + "api_key=" + FaultStack.API_KEY).method(endpoint.method(),
                    endpoint.body() == null ? BodyPublishers.noBody() : BodyPublishers.ofString(endpoint.body()))
                    .header("Content-Type", endpoint.contentType() == null ? JSON : endpoint.contentType()), unauthorized);
            // Paths a filter that matched the raw path would take for a public one; the servlet container normalises them.
            String base = endpoint.url().substring(0, endpoint.url().indexOf("/v1/"));
            String path = endpoint.url().substring(base.length());
            for (String disguised : List.of("/actuator/health/..;/.." + path, "/actuator/health/%2e%2e/%2e%2e" + path,
                    "/actuator/health/..%2f..%2f.." + path, "/actuator/prometheus/..;" + path.replaceFirst("^/v1", "/../v1"),
                    "/webhooks/whatsapp/..;/.." + path, "/v3/api-docs/..;/.." + path, "/" + path, path.replaceFirst("/v1/", "/v1;a=b/"))) {
                calls.add(Kind.CREDENTIALS, endpoint.service(), "no key, path " + disguised, HostileCalls.request(base + disguised)
                        .method(endpoint.method(), endpoint.body() == null ? BodyPublishers.noBody() : BodyPublishers.ofString(endpoint.body()))
                        .header("Content-Type", endpoint.contentType() == null ? JSON : endpoint.contentType()), clientError());
            }
        }
        // Operations endpoints that are not exposed or not public.
        for (ServiceProcess service : List.of(events, projector, gate)) {
            for (String path : List.of("/actuator/env", "/actuator/heapdump", "/actuator/configprops", "/actuator/loggers")) {
                calls.add(Kind.CREDENTIALS, service.name(), "no key " + path, HostileCalls.request(service.baseUrl() + path).GET(), unauthorized);
            }
        }
    }

    /** Fuzzed bodies with a valid key: each must be refused as invalid (400/422), and none may echo the markers. */
    private static void fuzzedBodies(HostileCalls calls, ServiceProcess events, ServiceProcess projector, ServiceProcess gate, int count, Random random) {
        String business = events.baseUrl() + "/v1/businesses/" + FaultStack.BUSINESS;
        String contact = projector.baseUrl() + "/v1/businesses/" + FaultStack.BUSINESS + "/contacts/";
        addFuzz(calls, EVENTS, business + "/opt-ins", HostileBodies.fuzzed(OPT_IN,
                List.of("contact", "businessName", "channel", "noticeVersion", "language", "evidenceRef"),
                List.of("contact", "channel", "language", "category"), true, true, count, random));
        addFuzz(calls, EVENTS, business + "/opt-outs", HostileBodies.fuzzed(OPT_OUT,
                List.of("contact", "channel", "method", "evidenceRef"), List.of("contact", "channel", "method"), true, true, count, random));
        // Every JSON body is read strictly (service-support's StrictJson): an unknown property is a 400 naming it.
        addFuzz(calls, GATE, gate.baseUrl() + "/v1/decisions/explain", HostileBodies.fuzzed(EXPLAIN,
                List.of("requestId", "businessId", "contact", "kind", "senderId"), List.of("kind", "category"), true, true, count, random));
        addFuzz(calls, PROJECTOR, contact + encode(MARKER_PHONE) + "/erasure", HostileBodies.fuzzed(ERASURE,
                List.of("requestId", "requestedBy"), List.of(), false, true, count, random));
        // Other requests the capture API must refuse: a business id it cannot key by, a malformed Idempotency-Key.
        calls.add(Kind.PARAMETERS, EVENTS, "business id with '|'", withKey(events.baseUrl() + "/v1/businesses/a%7Cb/opt-ins")
                .header("Content-Type", JSON).POST(BodyPublishers.ofString(OPT_IN)), refusedAsInvalid());
        calls.add(Kind.PARAMETERS, EVENTS, "Idempotency-Key of 300 characters", withKey(business + "/opt-ins")
                .header("Idempotency-Key", "k".repeat(300)).header("Content-Type", JSON)
                .POST(BodyPublishers.ofString(OPT_IN)), refusedAsInvalid());

        // Imports: every line invalid, so that nothing may be recorded (422), and no refusal may repeat a line's data.
        List<String> imports = new ArrayList<>(List.of(
                CSV_HEADER + "opt-in," + MARKER_PHONE + ",Faults Retail,MARKETING," + MARKER_NAME + ",v1,Acepto,es-ES,scan/1\n",
                CSV_HEADER + "opt-in," + MARKER_PHONE + "x,Faults Retail,MARKETING,PAPER,v1,Acepto,es-ES,scan/" + MARKER_NAME + "\n",
                CSV_HEADER + "opt-out," + MARKER_NAME + ",,,CALL_CENTER,,,,\n",
                CSV_HEADER + "opt-in," + MARKER_PHONE + ",\"" + MARKER_NAME + "\n",
                "opt-in," + MARKER_PHONE + ",Faults Retail,MARKETING,PAPER,v1,Acepto,es-ES,scan/" + MARKER_NAME + "\n",
                CSV_HEADER));
        for (String csv : imports) {
            calls.add(Kind.FUZZED_BODY, EVENTS, "csv import " + csv.length() + " chars", withKey(business + "/consent-imports")
                    .header("Content-Type", "text/csv").POST(BodyPublishers.ofString(csv)), refusedAsInvalid());
        }
        StringBuilder ndjson = new StringBuilder();
        for (Body body : HostileBodies.fuzzed(OPT_IN, List.of("contact", "channel", "language"), List.of("contact", "channel", "language"),
                true, true, count, random)) {
            String line = new String(body.bytes(), StandardCharsets.UTF_8).replace('\n', ' ');
            if (!line.isBlank() && !line.startsWith("\"") && !line.startsWith("{\"a\":[[[")) {
                ndjson.append("{\"type\":\"opt-in\",").append(line.startsWith("{") ? line.substring(1) : line).append('\n');
            }
        }
        calls.add(Kind.FUZZED_BODY, EVENTS, "ndjson import of fuzzed opt-ins", withKey(business + "/consent-imports")
                .header("Content-Type", "application/x-ndjson")
                .POST(BodyPublishers.ofString(ndjson.toString())), refusedAsInvalid());

        // The projector's parameters: an invalid contact (which the answer must not repeat), limits, categories.
        String projectorBusiness = projector.baseUrl() + "/v1/businesses/" + FaultStack.BUSINESS;
        for (String path : List.of("/contacts/" + encode(MARKER_PHONE + "x"), "/contacts/" + encode(MARKER_NAME) + "/history",
                "/contacts/" + encode(MARKER_PHONE + "99999999999") + "/export", "/contacts/" + encode(MARKER_PHONE) + "/decisions?limit=-5",
                "/contacts/" + encode(MARKER_PHONE) + "/decisions?limit=" + encode(MARKER_NAME), "/contacts/" + encode(MARKER_PHONE) + "/decisions?limit=100000",
                "/audience", "/audience?category=" + encode(MARKER_NAME))) {
            calls.add(Kind.PARAMETERS, PROJECTOR, "GET " + path.substring(0, Math.min(path.length(), 80)), withKey(projectorBusiness + path)
                    .GET(), refusedAsInvalid());
        }
        calls.add(Kind.PARAMETERS, PROJECTOR, "erasure of an invalid contact", withKey(projectorBusiness + "/contacts/" + encode(MARKER_NAME + " " + MARKER_PHONE) + "/erasure")
                .header("Content-Type", JSON).POST(BodyPublishers.ofString(ERASURE)), refusedAsInvalid());
    }

    private static void addFuzz(HostileCalls calls, String service, String url, List<Body> bodies) {
        for (Body body : bodies) {
            calls.add(Kind.FUZZED_BODY, service, body.name() + " to " + url, withKey(url)
                    .header("Content-Type", JSON).POST(BodyPublishers.ofByteArray(body.bytes())), refusedAsInvalid());
        }
    }

    /** 20 MB bodies (60 MB for imports) must be 413; a body of a type the endpoint does not take, 415. */
    private static void hugeBodiesAndContentTypes(HostileCalls calls, ServiceProcess events, ServiceProcess projector, ServiceProcess gate) {
        byte[] huge = HostileBodies.huge(HUGE_MB);
        for (Endpoint endpoint : endpoints(events, projector, gate)) {
            if (!endpoint.method().equals("POST")) {
                continue;
            }
            boolean isImport = endpoint.url().endsWith("/consent-imports");
            byte[] body = isImport ? hugeCsv() : huge;
            calls.addRaw(Kind.HUGE_BODY, endpoint.service(), (body.length >> 20) + " MB to " + endpoint.url(), withKey(endpoint.url())
                    .header("Content-Type", endpoint.contentType()), body, status(413));
            for (String type : isImport ? List.of(JSON, "text/plain", "application/xml") : WRONG_CONTENT_TYPES) {
                calls.add(Kind.CONTENT_TYPE, endpoint.service(), type + " to " + endpoint.url(), withKey(endpoint.url())
                        .header("Content-Type", type).POST(BodyPublishers.ofString(endpoint.body())), status(415));
            }
        }
        String webhook = events.baseUrl() + "/webhooks/whatsapp";
        calls.addRaw(Kind.HUGE_BODY, EVENTS, HUGE_MB + " MB to the webhook, forged", request(webhook).header("Content-Type", JSON)
                .header(SIGNATURE_HEADER, "sha256=" + "0".repeat(64)), huge, status(413, 401));
    }

    /** Forged, missing, tampered and replayed signatures; the verification handshake with wrong tokens. */
    private static void webhook(HostileCalls calls, ServiceProcess events, byte[] genuine, Random random) throws Exception {
        String url = events.baseUrl() + "/webhooks/whatsapp";
        byte[] hostile = webhookDelivery("34" + MARKER_DIGITS, MARKER_NAME, "wamid.faults-hostile-1")
                .getBytes(StandardCharsets.UTF_8);
        byte[] otherBody = webhookDelivery("34600333444", "Someone Else", "wamid.faults-other").getBytes(StandardCharsets.UTF_8);
        Map<String, String> forged = new LinkedHashMap<>();
        forged.put("zeros", "sha256=" + "0".repeat(64));
        forged.put("another secret", "sha256=" + WebhookSignatures.hmacSha256Hex("not-the-app-secret".getBytes(StandardCharsets.UTF_8), hostile));
        forged.put("another body's signature", sign(otherBody));
        forged.put("the genuine delivery's signature", sign(genuine));
        forged.put("sha1", "sha1=" + WebhookSignatures.hmacSha256Hex(FaultStack.APP_SECRET.getBytes(StandardCharsets.UTF_8), hostile).substring(0, 40));
        forged.put("no prefix", WebhookSignatures.hmacSha256Hex(FaultStack.APP_SECRET.getBytes(StandardCharsets.UTF_8), hostile));
        forged.put("truncated", sign(hostile).substring(0, 40));
        forged.put("empty", "");
        forged.put("garbage", "sha256=" + MARKER_NAME);
        forged.put("doubled", sign(hostile) + "," + sign(hostile));
        for (Map.Entry<String, String> signature : forged.entrySet()) {
            calls.add(Kind.FORGED_SIGNATURE, EVENTS, "signature: " + signature.getKey(), request(url).header("Content-Type", JSON)
                    .header(SIGNATURE_HEADER, signature.getValue()).POST(BodyPublishers.ofByteArray(hostile)), status(401));
        }
        calls.add(Kind.FORGED_SIGNATURE, EVENTS, "no signature", request(url).header("Content-Type", JSON).POST(BodyPublishers.ofByteArray(hostile)), status(401));
        byte[] tampered = new String(genuine, StandardCharsets.UTF_8).replace("Genuine Sender", MARKER_NAME).getBytes(StandardCharsets.UTF_8);
        calls.add(Kind.FORGED_SIGNATURE, EVENTS, "genuine signature, tampered body", request(url).header("Content-Type", JSON)
                .header(SIGNATURE_HEADER, sign(genuine)).POST(BodyPublishers.ofByteArray(tampered)), status(401));
        for (String type : List.of("text/plain", "application/xml", "application/x-www-form-urlencoded")) {
            calls.add(Kind.CONTENT_TYPE, EVENTS, type + " to the webhook, forged", request(url).header("Content-Type", type)
                    .header(SIGNATURE_HEADER, "sha256=" + "0".repeat(64)).POST(BodyPublishers.ofByteArray(hostile)), status(401, 415));
        }
        // Signed, but not a delivery: only whoever holds the app secret can send these; still never a 5xx, never published.
        for (Body body : List.of(HostileBodies.randomBytes(random), Body.of("array", "[" + new String(hostile, StandardCharsets.UTF_8) + "]"),
                Body.of("truncated", new String(hostile, StandardCharsets.UTF_8).substring(0, hostile.length / 2)))) {
            calls.add(Kind.FUZZED_BODY, EVENTS, "signed " + body.name() + " to the webhook", request(url).header("Content-Type", JSON)
                    .header(SIGNATURE_HEADER, sign(body.bytes())).POST(BodyPublishers.ofByteArray(body.bytes())), status(400));
        }
        // The genuine delivery again, byte for byte: it must not be published twice. Meta redelivers what it thinks failed,
        // so the webhook answers 200 without publishing (a 4xx would also do: nothing is published either way).
        calls.add(Kind.REPLAY, EVENTS, "replay of the genuine delivery", request(url).header("Content-Type", JSON)
                .header(SIGNATURE_HEADER, sign(genuine)).POST(BodyPublishers.ofByteArray(genuine)),
                response -> response.statusCode() == 200 && publishedCount(response.body()) == 0
                        || response.statusCode() >= 400 && response.statusCode() < 500);
        for (String query : List.of("hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1",
                "hub.verify_token=" + FaultStack.VERIFY_TOKEN + "&hub.challenge=1", "hub.mode=unsubscribe&hub.verify_token=" + FaultStack.VERIFY_TOKEN + "&hub.challenge=1",
                "hub.mode=subscribe&hub.challenge=" + encode(MARKER_NAME), "")) {
            calls.add(Kind.FORGED_SIGNATURE, EVENTS, "verification " + query, request(url + (query.isEmpty() ? "" : "?" + query)).GET(), status(403));
        }
    }

    /** Every call and its answer, one a line, in the scenario's folder: what a reader checks a verdict against. */
    private static void writeAnswers(FaultStack stack, List<Answered> answers) throws IOException {
        List<String> lines = new ArrayList<>();
        for (Answered answer : answers) {
            String body = answer.response().body().replaceAll("\\s+", " ");
            lines.add(answer.status() + "\t" + answer.millis() + " ms\t" + (answer.asExpected() ? "expected" : "UNEXPECTED") + (leaks(body) ? "\tLEAK" : "\t-") + "\t"
                    + answer.call().service() + "\t" + answer.call().kind() + "\t" + answer.call().description().replaceAll("\\s+", " ")
                    + "\t" + body.substring(0, Math.min(body.length(), 600)));
        }
        Files.write(stack.folder().resolve("answers.tsv"), lines, StandardCharsets.UTF_8);
    }

    private static int publishedCount(String body) {
        Matcher published = PUBLISHED.matcher(body);
        return published.find() ? Integer.parseInt(published.group(1)) : -1;
    }

    private static String replayAnswer(List<Answered> answers) {
        return answers.stream().filter(answer -> answer.call().kind() == Kind.REPLAY)
                .map(answer -> answer.status() + " " + answer.response().body().replaceAll("\\s+", " "))
                .findFirst().orElse("(none)");
    }

    /** A delivery of one inbound text message from {@code phone}, for the scenario's account and number. */
    private static String webhookDelivery(String phone, String name, String messageId) {
        return """
                {"object":"whatsapp_business_account","entry":[{"id":"%s","changes":[{"field":"messages","value":{
                "messaging_product":"whatsapp","metadata":{"display_phone_number":"%s","phone_number_id":"%s"},
                "contacts":[{"profile":{"name":"%s"},"wa_id":"%s"}],
                "messages":[{"from":"%s","id":"%s","timestamp":"1763630102","type":"text","text":{"body":"Hola %s"}}]}}]}]}"""
                .formatted(FaultStack.WABA_ID, FaultStack.DISPLAY_NUMBER, FaultStack.SENDER, name, phone, phone, messageId, name);
    }

    private static String sign(byte[] body) {
        return WebhookSignatures.sign(FaultStack.APP_SECRET, body);
    }

    private static byte[] hugeCsv() {
        StringBuilder csv = new StringBuilder(HUGE_IMPORT_MB * 1024 * 1024 + 1024).append(CSV_HEADER);
        String line = "opt-out," + MARKER_PHONE + "x,,,CALL_CENTER,,,,\n";
        while (csv.length() < HUGE_IMPORT_MB * 1024 * 1024) {
            csv.append(line);
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Whether a text holds the marker phone number (in any of its usual spellings) or the marker name. */
    static boolean leaks(String text) {
        return text != null && (text.contains(MARKER_DIGITS) || text.contains("612 98 76 54") || text.contains("Markerova"));
    }

    /** The projector's documented paths under /v1, from its OpenAPI document (public). */
    private static Set<String> documentedPaths(ServiceProcess projector) {
        HttpResponse<String> docs = HostileCalls.send(request(projector.baseUrl() + "/v3/api-docs").GET().build());
        assertThat(docs.statusCode()).as("GET /v3/api-docs").isEqualTo(200);
        Set<String> paths = new LinkedHashSet<>();
        Matcher path = Pattern.compile("\"(/v1/[^\"]+)\"\\s*:\\s*\\{").matcher(docs.body());
        while (path.find()) {
            paths.add(path.group(1));
        }
        assertThat(paths).as("paths in the projector's /v3/api-docs").isNotEmpty();
        return paths;
    }

    /** How many records the topic holds (its end offsets, summed: nothing is deleted during a scenario). */
    private static long recordsOn(FaultStack stack, Topic<?> topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
            int partitions = admin.describeTopics(List.of(topic.name())).allTopicNames().get().get(topic.name()).partitions().size();
            Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
            for (int p = 0; p < partitions; p++) {
                latest.put(new TopicPartition(topic.name(), p), OffsetSpec.latest());
            }
            return admin.listOffsets(latest).all().get().values().stream().mapToLong(info -> info.offset()).sum();
        }
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
