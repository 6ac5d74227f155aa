package io.consentgate.events.snapshot;

import io.consentgate.avro.ListedTemplate;
import io.consentgate.avro.MessageCategory;
import io.consentgate.avro.MessagingTier;
import io.consentgate.avro.QualityRating;
import io.consentgate.avro.SenderQualityChanged;
import io.consentgate.avro.SenderStatus;
import io.consentgate.avro.TemplateStatus;
import io.consentgate.avro.TemplateStatusChanged;
import io.consentgate.avro.TemplatesListed;
import io.consentgate.events.publisher.BusinessFact;
import io.consentgate.events.publisher.EventIds;
import io.consentgate.support.web.FieldProblem;
import io.consentgate.support.web.InvalidRequestException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * What Meta's Graph API returns for a WhatsApp Business Account, taken as-is, becomes business facts that set the
 * current state: {@code GET /{waba-id}/message_templates} (a page of {@code data[]}: name, language, status,
 * category; one page or all of them) and {@code GET /{waba-id}/phone_numbers} or {@code GET /{phone-number-id}} (id, quality_rating, status,
 * messaging_limit_tier). Fields the gate does not read (components, cursors, throughput, ...) are ignored, so a sync
 * job can pipe the responses in unchanged. Validated whole before anything is published: every problem is named
 * by its field ({@code data[3].status}); values are never quoted (a display number is a phone number).
 */
final class GraphSnapshots {

    static final String SOURCE = "graph-snapshot";

    private GraphSnapshots() {
    }

    /**
     * The facts of a {@code message_templates} snapshot: one response (a page), or a JSON array of the pages in order
     * (what {@code jq -s} makes of them). The pages are a complete list when the first has no {@code paging.previous},
     * the last no {@code paging.next} and every page but the last a {@code paging.next}: then one more fact,
     * {@link TemplatesListed}, names every listed template, and the gate reads the business's other templates as gone.
     */
    static TemplateSnapshot templates(String businessId, JsonNode body, Instant at) {
        List<FieldProblem> problems = new ArrayList<>();
        List<JsonNode> pages = new ArrayList<>();
        boolean several = body.isArray();
        if (several) {
            body.forEach(pages::add);
        } else {
            pages.add(body);
        }
        if (pages.isEmpty()) {
            throw invalid("a message_templates snapshot needs at least one page", List.of(new FieldProblem("body", "must hold at least one page")));
        }
        List<BusinessFact> facts = new ArrayList<>();
        Map<String, ListedTemplate> listed = new LinkedHashMap<>();
        for (int p = 0; p < pages.size(); p++) {
            JsonNode page = pages.get(p);
            String prefix = several ? "[" + p + "]." : "";
            JsonNode data = page.path("data");
            if (!page.isObject() || !data.isArray()) {
                problems.add(new FieldProblem(prefix + "data", "is required: the array Meta returns"));
                continue;
            }
            for (int i = 0; i < data.size(); i++) {
                JsonNode template = data.get(i);
                String field = prefix + "data[" + i + "].";
                String name = required(template, "name", field, problems);
                String language = required(template, "language", field, problems);
                TemplateStatus status = known(TemplateStatus.class, text(template.path("status")), field + "status", problems);
                String category = text(template.path("category"));
                MessageCategory parsed = category == null ? null : known(MessageCategory.class, category, field + "category", problems);
                if (name != null && language != null && status != null && (category == null || parsed != null)) {
                    facts.add(fact(businessId, at, TemplateStatusChanged.newBuilder().setTemplateName(name).setLanguage(language)
                            .setTemplateId(text(template.path("id"))).setStatus(status).setCategory(parsed).build()));
                    listed.putIfAbsent(name + '|' + language, new ListedTemplate(name, language));
                }
            }
        }
        checked(facts, problems, "message_templates");
        boolean complete = complete(pages);
        if (complete) {
            facts.add(fact(businessId, at, new TemplatesListed(new ArrayList<>(listed.values()), pages.size())));
        }
        return new TemplateSnapshot(facts, complete);
    }

    /**
     * Whether the pages chain into Meta's whole list: Graph sets {@code paging.previous} on every page but the first
     * and {@code paging.next} on every page but the last. Anything else (a page missing, pages out of order) is not
     * complete: the listed templates are still set, but nothing is marked gone.
     */
    private static boolean complete(List<JsonNode> pages) {
        for (int p = 0; p < pages.size(); p++) {
            JsonNode paging = pages.get(p).path("paging");
            boolean previous = text(paging.path("previous")) != null;
            boolean next = text(paging.path("next")) != null;
            if (previous != (p > 0) || next != (p < pages.size() - 1)) {
                return false;
            }
        }
        return true;
    }

    /** A snapshot's facts, and whether they were Meta's complete list (then the last fact is the {@link TemplatesListed}). */
    record TemplateSnapshot(List<BusinessFact> facts, boolean complete) {
    }

    /** A {@code phone_numbers} page ({@code data[]}) or one phone number object. */
    static List<BusinessFact> phoneNumbers(String businessId, JsonNode body, Instant at) {
        List<FieldProblem> problems = new ArrayList<>();
        boolean page = body.has("data");
        JsonNode numbers = page ? body.path("data") : body;
        if (page && !numbers.isArray()) {
            throw invalid("a phone_numbers response needs data[]", List.of(new FieldProblem("data", "must be the array Meta returns")));
        }
        List<JsonNode> each = new ArrayList<>();
        if (page) {
            numbers.forEach(each::add);
        } else {
            each.add(numbers);
        }
        List<BusinessFact> facts = new ArrayList<>();
        for (int i = 0; i < each.size(); i++) {
            JsonNode number = each.get(i);
            String field = page ? "data[" + i + "]." : "";
            String id = required(number, "id", field, problems);
            QualityRating quality = quality(text(number.path("quality_rating")), field + "quality_rating", problems);
            // Graph also reports registration statuses (PENDING, DELETED, ...): only health statuses are kept
            String rawStatus = text(number.path("status"));
            SenderStatus named = rawStatus == null ? null : enumOf(SenderStatus.class, rawStatus);
            SenderStatus status = named == null ? SenderStatus.UNKNOWN : named;
            String tier = text(number.path("messaging_limit_tier"));
            MessagingTier limit = tier == null ? null : enumOf(MessagingTier.class, tier);
            if (tier != null && limit == null) {
                problems.add(new FieldProblem(field + "messaging_limit_tier", "must be a tier such as TIER_250, TIER_2K or TIER_UNLIMITED"));
            }
            if (id != null && quality != null) {
                facts.add(fact(businessId, at, SenderQualityChanged.newBuilder().setSenderId(id)
                        .setDisplayPhoneNumber(text(number.path("display_phone_number"))).setQualityRating(quality).setStatus(status)
                        .setWebhookEvent("GRAPH_SNAPSHOT").setCurrentLimit(limit).build()));
            }
        }
        return checked(facts, problems, "phone_numbers");
    }

    private static QualityRating quality(String raw, String field, List<FieldProblem> problems) {
        if (raw == null || raw.equalsIgnoreCase("NA") || raw.equalsIgnoreCase("UNKNOWN")) {
            return QualityRating.UNKNOWN;
        }
        QualityRating rating = enumOf(QualityRating.class, raw);
        if (rating == null) {
            problems.add(new FieldProblem(field, "must be GREEN, YELLOW, RED, UNKNOWN or NA"));
        }
        return rating;
    }

    private static List<BusinessFact> checked(List<BusinessFact> facts, List<FieldProblem> problems, String what) {
        if (!problems.isEmpty()) {
            throw invalid("the " + what + " snapshot has " + problems.size() + " invalid field(s); nothing was recorded", problems);
        }
        return facts;
    }

    private static BusinessFact fact(String businessId, Instant at, org.apache.avro.specific.SpecificRecord payload) {
        return new BusinessFact(EventIds.random(), businessId, at, SOURCE, payload);
    }

    private static String required(JsonNode node, String name, String prefix, List<FieldProblem> problems) {
        String value = text(node.path(name));
        if (value == null) {
            problems.add(new FieldProblem(prefix + name, "is required"));
        }
        return value;
    }

    private static <E extends Enum<E>> E known(Class<E> type, String raw, String field, List<FieldProblem> problems) {
        E value = raw == null ? null : enumOf(type, raw);
        if (value == null || "UNKNOWN".equals(value.name())) {
            problems.add(new FieldProblem(field, raw == null ? "is required" : "is not a value Meta documents for it"));
            return null;
        }
        return value;
    }

    private static <E extends Enum<E>> E enumOf(Class<E> type, String raw) {
        try {
            return Enum.valueOf(type, raw.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String text(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return null;
        }
        String text = node.isString() ? node.stringValue() : node.isIntegralNumber() ? node.asString() : null;
        return text == null || text.isBlank() ? null : text;
    }

    private static InvalidRequestException invalid(String detail, List<FieldProblem> problems) {
        return new InvalidRequestException(detail, problems);
    }
}
