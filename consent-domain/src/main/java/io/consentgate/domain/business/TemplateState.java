package io.consentgate.domain.business;

import io.consentgate.avro.MessageCategory;
import io.consentgate.avro.TemplateCategoryChanged;
import io.consentgate.avro.TemplateStatus;
import io.consentgate.avro.TemplateStatusChanged;
import java.time.Duration;
import java.time.Instant;

/**
 * One template in one language as the gate decides on it, folded from {@code message_template_status_update} and
 * {@code template_category_update}. Meta's template events are events, not only statuses: FLAGGED leaves the
 * template APPROVED (Meta disables it later, with its own event), REINSTATED and UNPAUSED make it APPROVED again,
 * and a PAUSED template is back after the pause Meta announced.
 *
 * @param status        the status the gate decides on: APPROVED for FLAGGED, REINSTATED and UNPAUSED; otherwise Meta's event
 * @param category      Meta's category for it, which may differ from the one a request claims; null while unknown
 * @param since         when the last status event happened
 * @param categorySince when the category was last reported
 * @param disableDate   when Meta will disable a FLAGGED template (or disabled it); null when not flagged
 * @param pausedUntil   the end of the current pause, when PAUSED
 * @param pauses        how many pauses the gate has seen for it: the second one lasts 6 h, not 3
 */
public record TemplateState(String businessId, String name, String language, TemplateStatus status, MessageCategory category, Instant since,
                            Instant categorySince, Instant disableDate, Instant pausedUntil, int pauses) {

    /** Meta pauses a template for 3 h the first time. */
    public static final Duration FIRST_PAUSE = Duration.ofHours(3);
    /** ... and for 6 h the second time (a third time disables it). */
    public static final Duration SECOND_PAUSE = Duration.ofHours(6);

    /** A state of only a status and a category, e.g. from a test or an older store value. */
    public TemplateState(String businessId, String name, String language, TemplateStatus status, MessageCategory category, Instant since) {
        this(businessId, name, language, status, category, since, since, null,
                status == TemplateStatus.PAUSED ? since.plus(FIRST_PAUSE) : null, status == TemplateStatus.PAUSED ? 1 : 0);
    }

    /** The global-store key: {@code businessId|name|language}. */
    public static String storeKey(String businessId, String name, String language) {
        return businessId + '|' + name + '|' + language;
    }

    /** A template nothing was reported about yet: no status, which refuses. */
    public static TemplateState unreported(String businessId, String name, String language) {
        return new TemplateState(businessId, name, language, TemplateStatus.UNKNOWN, null, Instant.EPOCH, Instant.EPOCH, null, null, 0);
    }

    public static TemplateState from(String businessId, TemplateStatusChanged change, Instant occurredAt) {
        return unreported(businessId, change.getTemplateName(), change.getLanguage()).apply(change, occurredAt);
    }

    public static TemplateState from(String businessId, TemplateCategoryChanged change, Instant occurredAt) {
        return unreported(businessId, change.getTemplateName(), change.getLanguage()).apply(change, occurredAt);
    }

    /** Whether the gate sends it. */
    public boolean approved() {
        return status == TemplateStatus.APPROVED;
    }

    /**
     * Newest status event wins; a report without a category keeps the known one, and a category reported with a
     * status is newer than the known one only if it happened later.
     */
    public TemplateState apply(TemplateStatusChanged change, Instant occurredAt) {
        MessageCategory reported = change.getCategory() == MessageCategory.UNKNOWN ? null : change.getCategory();
        boolean newerCategory = reported != null && !occurredAt.isBefore(categorySince);
        MessageCategory newCategory = newerCategory ? reported : category;
        Instant newCategorySince = newerCategory ? occurredAt : categorySince;
        if (occurredAt.isBefore(since)) {
            return new TemplateState(businessId, name, language, status, newCategory, since, newCategorySince, disableDate, pausedUntil, pauses);
        }
        return switch (change.getStatus()) {
            case FLAGGED -> new TemplateState(businessId, name, language, TemplateStatus.APPROVED, newCategory, occurredAt, newCategorySince,
                    change.getDisableDate(), null, pauses);
            case APPROVED, REINSTATED, UNPAUSED -> new TemplateState(businessId, name, language, TemplateStatus.APPROVED, newCategory, occurredAt,
                    newCategorySince, null, null, pauses);
            case PAUSED -> {
                if (status == TemplateStatus.PAUSED && change.getOtherInfoTitle() == null) {
                    // the same pause seen again (a snapshot while paused): not a second pause
                    yield new TemplateState(businessId, name, language, status, newCategory, since, newCategorySince, null, pausedUntil, pauses);
                }
                int pause = pauses + 1;
                yield new TemplateState(businessId, name, language, TemplateStatus.PAUSED, newCategory, occurredAt, newCategorySince, null,
                        occurredAt.plus(pauseLength(change.getOtherInfoTitle(), pause)), pause);
            }
            default -> new TemplateState(businessId, name, language, change.getStatus(), newCategory, occurredAt, newCategorySince,
                    change.getDisableDate(), null, pauses);
        };
    }

    /** Meta moved the template to another category: from then on its rules apply, whatever a request claims. */
    public TemplateState apply(TemplateCategoryChanged change, Instant occurredAt) {
        if (occurredAt.isBefore(categorySince) || change.getNewCategory() == MessageCategory.UNKNOWN) {
            return this;
        }
        return new TemplateState(businessId, name, language, status, change.getNewCategory(), since, occurredAt, disableDate, pausedUntil, pauses);
    }

    /** What Meta says ({@code other_info.title}) decides; without it, the count of pauses the gate has seen. */
    private static Duration pauseLength(String title, int pause) {
        if ("FIRST_PAUSE".equals(title)) {
            return FIRST_PAUSE;
        }
        if ("SECOND_PAUSE".equals(title)) {
            return SECOND_PAUSE;
        }
        return pause >= 2 ? SECOND_PAUSE : FIRST_PAUSE;
    }
}
