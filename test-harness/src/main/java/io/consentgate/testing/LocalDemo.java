package io.consentgate.testing;

import io.consentgate.avro.ApprovedSend;
import io.consentgate.avro.MessageCategory;
import io.consentgate.avro.MessageKind;
import io.consentgate.avro.RejectionReason;
import io.consentgate.avro.SendRejection;
import io.consentgate.avro.SendRequest;
import io.consentgate.avro.TemplateRef;
import io.consentgate.schemas.Topics;
import io.consentgate.schemas.serde.RestSchemaRegistryClient;
import io.consentgate.schemas.serde.SchemaRegistrySettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Plays a day of a business through the running stack, the way the real parts would: template and
 * limit updates and inbound messages through the signed WhatsApp webhook, opt-ins through the
 * capture API (one by one and as an import), a keyword opt-out, then send requests on Kafka; and
 * prints every decision as the gate makes it.
 *
 * <p>Contacts get numbers unique to the run, so a second run is not refused as duplicates; the
 * business's messaging limit (TIER_50) is counted over a moving 24 h, so only a fresh data folder
 * (bin/run-local --fresh --demo) shows it with room to spare first.
 */
final class LocalDemo {

    static final String BUSINESS = "acme-retail";
    static final String WABA_ID = "102290129340398";
    static final String SENDER = "106540352242922";
    static final String DISPLAY_NUMBER = "34910000000";
    static final String VERIFY_TOKEN = "local-verify-token";
    static final String APP_SECRET = "local-app-secret-not-a-secret";

    private static final URI EVENTS = URI.create("http://127.0.0.1:8080");
    private static final Duration DECISIONS_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(30);
    private static final int IMPORTED_CONTACTS = 60;
    /** TIER_50 counts unique contacts reached outside a window; Bruno and Fede are counted before the import. */
    private static final int LIMIT_LEFT_FOR_IMPORTS = 50 - 2;
    private static final String IMPORT_PREFIX = "import-order-update-";
    private static final String APPROVED_BY_WINDOW = "APPROVED (CUSTOMER_SERVICE_WINDOW)";
    private static final String APPROVED_BY_CONSENT = "APPROVED (CONSENT)";

    private final String bootstrapServers;
    private final String registryUrl;
    private final String apiKey;
    private final HttpClient http = HttpClient.newHttpClient();
    private final String run = Long.toString(Instant.now().getEpochSecond() / 60 % 900 + 100);

    LocalDemo(String bootstrapServers, String registryUrl, String apiKey) {
        this.bootstrapServers = bootstrapServers;
        this.registryUrl = registryUrl;
        this.apiKey = apiKey;
    }

    /**
     * Where the demo's contacts live. Quiet hours (default 21:00-08:00) are the contact's local night, and a
     * number that may be in several zones (a Spanish mobile: Madrid or the Canaries) is quiet while it is
     * night in any of them. So that the demo's expected decisions never depend on the hour it runs at, it
     * picks the country with the most day left in all its zones (marketing goes) and the one with the most
     * night left in one of them (marketing waits): at any instant each has more than an hour of it left
     * (LocalDemoTest checks every ten minutes of a year against the gate's own rule).
     *
     * @param zones the zones the gate reads from the demo's numbers of this country
     */
    record Country(String name, String mobilePrefix, int digits, List<ZoneId> zones) {

        static final LocalTime NIGHT_STARTS = LocalTime.of(21, 0);
        static final LocalTime NIGHT_ENDS = LocalTime.of(8, 0);

        static final List<Country> ALL = List.of(
                new Country("Spain", "+3469", 4, List.of(ZoneId.of("Atlantic/Canary"), ZoneId.of("Europe/Madrid"))),
                new Country("Brazil", "+55119", 5, List.of(ZoneId.of("America/Sao_Paulo"))),
                new Country("Colombia", "+5731", 5, List.of(ZoneId.of("America/Bogota"))),
                new Country("Japan", "+8190", 5, List.of(ZoneId.of("Asia/Tokyo"))));

        /** The country where the day lasts longest from {@code now} in every one of its zones. */
        static Country day(Instant now) {
            return ALL.stream().max(Comparator.comparing(country -> country.dayLeft(now))).orElseThrow();
        }

        /** The country where the night lasts longest from {@code now} in one of its zones. */
        static Country night(Instant now) {
            return ALL.stream().max(Comparator.comparing(country -> country.nightLeft(now))).orElseThrow();
        }

        /** How long until it is night in one of the zones; zero if it is already. */
        Duration dayLeft(Instant now) {
            return zones.stream().map(zone -> {
                ZonedDateTime local = now.atZone(zone);
                return isNight(local.toLocalTime()) ? Duration.ZERO : Duration.between(local, next(local, NIGHT_STARTS));
            }).min(Comparator.naturalOrder()).orElseThrow();
        }

        /** How long it stays night in the zone where it lasts longest; zero if it is day everywhere. */
        Duration nightLeft(Instant now) {
            return zones.stream().map(zone -> {
                ZonedDateTime local = now.atZone(zone);
                return isNight(local.toLocalTime()) ? Duration.between(local, next(local, NIGHT_ENDS)) : Duration.ZERO;
            }).max(Comparator.naturalOrder()).orElseThrow();
        }

        private static boolean isNight(LocalTime time) {
            return !time.isBefore(NIGHT_STARTS) || time.isBefore(NIGHT_ENDS);
        }

        private static ZonedDateTime next(ZonedDateTime local, LocalTime time) {
            ZonedDateTime today = local.with(time);
            return today.isAfter(local) ? today : local.plusDays(1).with(time);
        }

        /** A mobile number unique to the run: the run tag, then n. */
        String number(String run, int n) {
            return mobilePrefix + run + ("%0" + digits + "d").formatted(n);
        }
    }

    private final Instant startedAt = Instant.now();
    private final Country day = Country.day(startedAt);
    private final Country night = Country.night(startedAt);
    /** What each request must get, by its name: the demo's promise, checked by bin/run-local --check. */
    private final Map<String, List<String>> expected = new LinkedHashMap<>();
    private final Map<String, List<String>> decided = new LinkedHashMap<>();

    private String contact(int n) {
        return day.number(run, n);
    }

    /**
     * Plays the demo and returns what went differently from its promise: one line per request whose
     * decisions were not the expected ones (none arrived, another reason, too many). Empty: all as promised.
     */
    List<String> run() throws Exception {
        say("1. The business's state as Meta's Graph API returns it, loaded through the snapshot endpoint: templates order_update (UTILITY) and "
                + "black_friday (MARKETING) APPROVED, delivery_notice (UTILITY) FLAGGED, account_news (UTILITY) APPROVED, spring_sale PAUSED; "
                + "the number GREEN at TIER_50. Then a webhook: Meta moves account_news to MARKETING");
        post("/v1/businesses/" + BUSINESS + "/snapshots/message-templates", "application/json", templatesSnapshot());
        post("/v1/businesses/" + BUSINESS + "/snapshots/phone-numbers", "application/json", phoneNumbersSnapshot());
        // The webhook's time has whole seconds and the snapshot's asOf milliseconds: in the same second the change would
        // read as older than the snapshot (newest wins) and be ignored, so let the change fall in a later second.
        Thread.sleep(1_000 - Instant.now().toEpochMilli() % 1_000);
        webhook(categoryChange());
        say("2. Opt-ins through the capture API, contacts in " + day.name() + " (day there now): Ana (utility + marketing, web form), "
                + "Bruno (utility, IVR), Fede (marketing, app); Hana in " + night.name() + " (night there now, marketing); Ed (a US number, marketing); "
                + "and " + IMPORTED_CONTACTS + " utility opt-ins as one NDJSON import");
        optIn(brunoAsCaptured(), "[{\"category\":\"UTILITY\"}]", "IVR", "ivr-recording/" + run);
        optIn(contact(1), "[{\"category\":\"UTILITY\"},{\"category\":\"MARKETING\"}]", "WEB_FORM", "form/" + run + "-1");
        optIn(contact(6), "[{\"category\":\"MARKETING\"}]", "MOBILE_APP", "app/" + run + "-6");
        optIn(night.number(run, 8), "[{\"category\":\"MARKETING\"}]", "MOBILE_APP", "app/" + run + "-8");
        optIn("+12025550143", "[{\"category\":\"MARKETING\"}]", "WEB_FORM", "form/us-" + run);
        importOptIns();
        // WhatsApp timestamps have whole seconds: let Ana's STOP fall in a later second than her opt-in.
        Thread.sleep(1_000 - Instant.now().toEpochMilli() % 1_000 + 1_000);
        say("3. Inbound messages through the signed webhook: Carla asks about her order (opens a 24 h window); Ana writes \"STOP\"");
        webhook(inbound(contact(3), "Hola, ¿dónde está mi pedido?", "wamid.demo-" + run + "-3"));
        webhook(inbound(contact(1), "STOP", "wamid.demo-" + run + "-1"));

        try (var registry = new RestSchemaRegistryClient(SchemaRegistrySettings.of(registryUrl));
             Producer<String, SendRequest> producer = TopicClients.producer(bootstrapServers, Topics.OUTBOUND_REQUESTS, registry);
             Consumer<String, ApprovedSend> approvals = TopicClients.consumer(bootstrapServers, Topics.APPROVED_SENDS, registry);
             Consumer<String, SendRejection> rejections = TopicClients.consumer(bootstrapServers, Topics.SEND_REJECTIONS, registry)) {
            say("4. Send requests on outbound-requests; decisions as the gate makes them:");
            Map<String, SendRequest> requests = namedRequests();
            send(producer, requests.values());
            // The retry of the first request: the same id must never produce a second send.
            send(producer, List.of(requests.values().iterator().next()));
            printDecisions(requests.size() + 1, approvals, rejections);

            say("5. Order updates to the " + IMPORTED_CONTACTS + " imported contacts: the messaging limit (TIER_50) counts unique contacts "
                    + "reached outside a window in a moving 24 h (Bruno and Fede are counted already):");
            Map<String, SendRequest> imports = importRequests();
            send(producer, imports.values());
            printDecisions(imports.size(), approvals, rejections);
        }
        return differences();
    }

    /** Each request's decisions against its promise, in the demo's order. */
    List<String> differences() {
        List<String> differences = new ArrayList<>();
        Map<String, Integer> expectedImports = new TreeMap<>();
        Map<String, Integer> decidedImports = new TreeMap<>();
        expected.forEach((name, outcomes) -> {
            List<String> got = decided.getOrDefault(name, List.of());
            if (name.startsWith(IMPORT_PREFIX)) {
                outcomes.forEach(outcome -> expectedImports.merge(outcome, 1, Integer::sum));
                got.forEach(outcome -> decidedImports.merge(outcome, 1, Integer::sum));
            } else if (!sorted(got).equals(sorted(outcomes))) {
                differences.add(name + ": expected " + outcomes + ", got " + (got.isEmpty() ? "no decision" : got));
            }
        });
        // Which imported contacts the messaging limit stops depends on the partitions' order; how many does not.
        if (!expectedImports.equals(decidedImports)) {
            differences.add("the " + IMPORTED_CONTACTS + " imported contacts: expected " + expectedImports + ", got " + decidedImports);
        }
        return differences;
    }

    private static List<String> sorted(List<String> outcomes) {
        return outcomes.stream().sorted().toList();
    }

    /** Bruno gave his number in the national format, which the business's region (ES) makes whole. */
    private String brunoAsCaptured() {
        return day.name().equals("Spain") ? contact(2).substring(3) : contact(2);
    }

    private static void send(Producer<String, SendRequest> producer, Iterable<SendRequest> requests) throws Exception {
        for (SendRequest request : requests) {
            producer.send(new ProducerRecord<>(Topics.OUTBOUND_REQUESTS.name(), request.getBusinessId() + "|" + request.getContact(), request)).get();
        }
    }

    private Map<String, SendRequest> namedRequests() {
        Map<String, SendRequest> requests = new LinkedHashMap<>();
        // The first request is sent twice: the retry of its id is refused, the first send stands.
        add(requests, "carla-reply", contact(3), MessageKind.FREE_FORM, null, APPROVED_BY_WINDOW, rejected(RejectionReason.DUPLICATE_REQUEST));
        add(requests, "dario-free-form", contact(4), MessageKind.FREE_FORM, null, rejected(RejectionReason.WINDOW_CLOSED));
        add(requests, "bruno-order-update", contact(2), MessageKind.TEMPLATE, template("order_update", MessageCategory.UTILITY), APPROVED_BY_CONSENT);
        add(requests, "bruno-black-friday", contact(2), MessageKind.TEMPLATE, template("black_friday", MessageCategory.MARKETING),
                rejected(RejectionReason.NO_CONSENT));
        add(requests, "ana-black-friday", contact(1), MessageKind.TEMPLATE, template("black_friday", MessageCategory.MARKETING),
                rejected(RejectionReason.OPTED_OUT));
        add(requests, "hana-black-friday", night.number(run, 8), MessageKind.TEMPLATE, template("black_friday", MessageCategory.MARKETING),
                rejected(RejectionReason.QUIET_HOURS));
        add(requests, "ed-black-friday", "+12025550143", MessageKind.TEMPLATE, template("black_friday", MessageCategory.MARKETING),
                rejected(RejectionReason.REGION_BLOCKED));
        // Marketing inside Carla's window would need a marketing opt-in: Fede, who gave one, shows the paused template.
        add(requests, "carla-black-friday", contact(3), MessageKind.TEMPLATE, template("black_friday", MessageCategory.MARKETING),
                rejected(RejectionReason.NO_CONSENT));
        add(requests, "fede-spring-sale", contact(6), MessageKind.TEMPLATE, template("spring_sale", MessageCategory.MARKETING),
                rejected(RejectionReason.TEMPLATE_NOT_APPROVED));
        // Meta FLAGGED delivery_notice: it stays approved until Meta disables it.
        add(requests, "bruno-delivery-notice", contact(2), MessageKind.TEMPLATE, template("delivery_notice", MessageCategory.UTILITY),
                APPROVED_BY_CONSENT);
        // Meta moved account_news to MARKETING: decided as MARKETING, whatever the request says; Bruno only opted in to UTILITY.
        add(requests, "bruno-account-news", contact(2), MessageKind.TEMPLATE, template("account_news", MessageCategory.UTILITY),
                rejected(RejectionReason.NO_CONSENT));
        // After Ana's STOP: one confirmation of it goes (in the window her STOP opened at Meta), a second and a reply do not.
        add(requests, "ana-stop-confirmation", contact(1), MessageKind.FREE_FORM, null, "APPROVED (OPT_OUT_CONFIRMATION)");
        requests.values().stream().reduce((first, last) -> last).orElseThrow().setConfirmsOptOut("wamid.demo-" + run + "-1");
        add(requests, "ana-stop-confirmation-again", contact(1), MessageKind.FREE_FORM, null,
                rejected(RejectionReason.OPT_OUT_CONFIRMATION_REFUSED));
        requests.values().stream().reduce((first, last) -> last).orElseThrow().setConfirmsOptOut("wamid.demo-" + run + "-1");
        add(requests, "ana-reply", contact(1), MessageKind.FREE_FORM, null, rejected(RejectionReason.OPTED_OUT));
        add(requests, "not-a-number", "12ab", MessageKind.FREE_FORM, null, rejected(RejectionReason.INVALID_REQUEST));
        // The frequency cap: two marketing messages per contact in 24 h.
        for (int i = 1; i <= 3; i++) {
            add(requests, "fede-black-friday-" + i, contact(6), MessageKind.TEMPLATE, template("black_friday", MessageCategory.MARKETING),
                    i <= 2 ? APPROVED_BY_CONSENT : rejected(RejectionReason.FREQUENCY_CAPPED));
        }
        return requests;
    }

    private Map<String, SendRequest> importRequests() {
        Map<String, SendRequest> requests = new LinkedHashMap<>();
        for (int i = 0; i < IMPORTED_CONTACTS; i++) {
            add(requests, IMPORT_PREFIX + i, contact(1000 + i), MessageKind.TEMPLATE, template("order_update", MessageCategory.UTILITY),
                    i < LIMIT_LEFT_FOR_IMPORTS ? APPROVED_BY_CONSENT : rejected(RejectionReason.TIER_LIMIT_REACHED));
        }
        return requests;
    }

    private void add(Map<String, SendRequest> requests, String name, String contact, MessageKind kind, TemplateRef template,
                     String... outcomes) {
        expected.put(name, List.of(outcomes));
        String id = "demo-" + run + "-" + name;
        requests.put(id, SendRequest.newBuilder()
                .setRequestId(id).setBusinessId(BUSINESS).setSenderId(SENDER).setContact(contact)
                .setRequestedAt(Instant.now()).setKind(kind).setTemplate(template).build());
    }

    private static String rejected(RejectionReason reason) {
        return "REJECTED " + reason;
    }

    private static TemplateRef template(String name, MessageCategory category) {
        return TemplateRef.newBuilder().setName(name).setLanguage("es").setCategory(category).build();
    }

    /** Prints each decision of this run as it arrives, then a tally by outcome and reason. */
    private void printDecisions(int expected, Consumer<String, ApprovedSend> approvals, Consumer<String, SendRejection> rejections) {
        String prefix = "demo-" + run + "-";
        Map<String, Integer> tally = new TreeMap<>();
        int seen = 0;
        long deadline = System.nanoTime() + DECISIONS_TIMEOUT.toNanos();
        while (seen < expected && System.nanoTime() < deadline) {
            for (var record : approvals.poll(Duration.ofMillis(200))) {
                ApprovedSend approved = record.value();
                if (approved.getRequest().getRequestId().startsWith(prefix)) {
                    seen++;
                    tally.merge("APPROVED (" + approved.getBasis() + ")", 1, Integer::sum);
                    decided(approved.getRequest(), "APPROVED (" + approved.getBasis() + ")");
                    line("APPROVED", approved.getRequest(), approved.getBasis() + ", " + approved.getPricingCategory()
                            + (approved.getBillable() ? ", billable" : ", free: " + approved.getFreeBecause()));
                }
            }
            for (var record : rejections.poll(Duration.ofMillis(200))) {
                SendRejection rejected = record.value();
                if (rejected.getRequest().getRequestId().startsWith(prefix)) {
                    seen++;
                    tally.merge("REJECTED " + rejected.getReason(), 1, Integer::sum);
                    decided(rejected.getRequest(), "REJECTED " + rejected.getReason());
                    line("REJECTED", rejected.getRequest(), rejected.getReason() + ": " + rejected.getDetail());
                }
            }
        }
        System.out.println();
        tally.forEach((outcome, count) -> System.out.printf("  %4d  %s%n", count, outcome));
        if (seen < expected) {
            System.out.println("  Only " + seen + " of " + expected + " decisions arrived within " + DECISIONS_TIMEOUT.toSeconds()
                    + " s: see the logs of send-gate.");
        }
    }

    private void decided(SendRequest request, String outcome) {
        String name = request.getRequestId().substring(("demo-" + run + "-").length());
        decided.computeIfAbsent(name, any -> new ArrayList<>()).add(outcome);
    }

    private static void line(String outcome, SendRequest request, String why) {
        String id = request.getRequestId().substring(request.getRequestId().indexOf('-', 5) + 1);
        System.out.printf("  %-8s %-24s %-15s %s%n", outcome, id, request.getContact(), why);
    }

    private void optIn(String contact, String scopes, String channel, String evidence) throws IOException, InterruptedException {
        post("/v1/businesses/" + BUSINESS + "/opt-ins", "application/json", """
                {"contact": "%s", "businessName": "ACME Tiendas", "scopes": %s, "channel": "%s",
                 "noticeVersion": "wa-optin-es-v3",
                 "noticeText": "Acepto recibir mensajes de WhatsApp de ACME Tiendas.",
                 "language": "es-ES", "evidenceRef": "%s"}""".formatted(contact, scopes, channel, evidence));
    }

    private void importOptIns() throws IOException, InterruptedException {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < IMPORTED_CONTACTS; i++) {
            lines.append("""
                    {"type": "opt-in", "contact": "%s", "businessName": "ACME Tiendas", "scopes": [{"category": "UTILITY"}], \
                    "channel": "PAPER", "noticeVersion": "paper-v1", "noticeText": "Acepto avisos de mis pedidos por WhatsApp.", \
                    "language": "es-ES", "evidenceRef": "scan/%d"}
                    """.formatted(contact(1000 + i), i));
        }
        post("/v1/businesses/" + BUSINESS + "/consent-imports", "application/x-ndjson", lines.toString());
    }

    /** {@code GET /{waba-id}/message_templates} as Meta returns it (components trimmed). */
    private static String templatesSnapshot() {
        return """
                {"data": [
                  {"name": "order_update", "language": "es", "status": "APPROVED", "category": "UTILITY", "id": "1001",
                   "components": [{"type": "BODY", "text": "Tu pedido {{1}} está en camino"}]},
                  {"name": "black_friday", "language": "es", "status": "APPROVED", "category": "MARKETING", "id": "1002",
                   "components": [{"type": "BODY", "text": "Hasta -50% hoy"}]},
                  {"name": "spring_sale", "language": "es", "status": "PAUSED", "category": "MARKETING", "id": "1003",
                   "components": [{"type": "BODY", "text": "Primavera"}]},
                  {"name": "delivery_notice", "language": "es", "status": "FLAGGED", "category": "UTILITY", "id": "1004",
                   "quality_score": {"score": "RED"}, "components": [{"type": "BODY", "text": "Entrega mañana"}]},
                  {"name": "account_news", "language": "es", "status": "APPROVED", "category": "UTILITY", "id": "1005",
                   "components": [{"type": "BODY", "text": "Novedades de tu cuenta"}]}
                ], "paging": {"cursors": {"before": "MAZDZD", "after": "MjQZD"}}}""";
    }

    /** {@code GET /{waba-id}/phone_numbers} as Meta returns it. */
    private static String phoneNumbersSnapshot() {
        return """
                {"data": [{"verified_name": "ACME Tiendas", "display_phone_number": "%s", "quality_rating": "GREEN", "status": "CONNECTED",
                  "name_status": "APPROVED", "messaging_limit_tier": "TIER_50", "throughput": {"level": "STANDARD"}, "id": "%s"}]}"""
                .formatted(DISPLAY_NUMBER, SENDER);
    }

    private String categoryChange() {
        return """
                {"object": "whatsapp_business_account", "entry": [{"id": "%s", "time": %d, "changes": [
                  {"field": "template_category_update", "value": {"message_template_id": 1005, "message_template_name": "account_news",
                    "message_template_language": "es", "previous_category": "UTILITY", "new_category": "MARKETING"}}
                ]}]}""".formatted(WABA_ID, Instant.now().getEpochSecond());
    }

    private String inbound(String contact, String text, String messageId) {
        String waId = contact.substring(1);
        return """
                {"object": "whatsapp_business_account", "entry": [{"id": "%s", "changes": [{"field": "messages", "value": {
                  "messaging_product": "whatsapp",
                  "metadata": {"display_phone_number": "%s", "phone_number_id": "%s"},
                  "contacts": [{"profile": {"name": "Demo"}, "wa_id": "%s"}],
                  "messages": [{"from": "%s", "id": "%s", "timestamp": "%d", "type": "text", "text": {"body": "%s"}}]
                }}]}]}""".formatted(WABA_ID, DISPLAY_NUMBER, SENDER, waId, waId, messageId, Instant.now().getEpochSecond(), text);
    }

    private void webhook(String body) throws IOException, InterruptedException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        send(HttpRequest.newBuilder(EVENTS.resolve("/webhooks/whatsapp")).timeout(HTTP_TIMEOUT)
                .header("Content-Type", "application/json")
                .header(WebhookSignatures.HEADER, WebhookSignatures.sign(APP_SECRET, bytes))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build());
    }

    private void post(String path, String contentType, String body) throws IOException, InterruptedException {
        send(HttpRequest.newBuilder(EVENTS.resolve(path)).timeout(HTTP_TIMEOUT)
                .header("Content-Type", contentType).header("X-API-Key", apiKey)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private void send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    private static void say(String step) {
        System.out.println();
        System.out.println(step);
    }
}
