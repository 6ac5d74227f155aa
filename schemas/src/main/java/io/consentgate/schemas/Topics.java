package io.consentgate.schemas;

import io.consentgate.avro.ApprovedSend;
import io.consentgate.avro.BusinessEvent;
import io.consentgate.avro.ContactEvent;
import io.consentgate.avro.ContactState;
import io.consentgate.avro.SendRejection;
import io.consentgate.avro.SendRequest;
import io.consentgate.schemas.Topic.KeyFormat;
import io.consentgate.schemas.Topic.Retention;
import java.util.List;

/** The topic registry: the only place a topic name is spelled. */
public final class Topics {

    /** Opt-ins, opt-outs, inbound messages, marketing preference, delivery statuses, erasures. Written by consent-events. */
    public static final Topic<ContactEvent> CONTACT_EVENTS =
            new Topic<>("contact-events", KeyFormat.CONTACT, ContactEvent.class, Retention.DELETE);

    /**
     * Sender quality and status, messaging limits, template statuses. Written by consent-events; every gate
     * folds all of it into a global store. Kept whole: compaction by business would keep only the latest
     * fact of each business (one sender's change would drop another's template approval), and expiry would
     * forget a template approved long ago. It is small: a few facts per business and day.
     */
    public static final Topic<BusinessEvent> BUSINESS_EVENTS =
            new Topic<>("business-events", KeyFormat.BUSINESS, BusinessEvent.class, Retention.KEEP_ALL);

    /** Send requests from messaging pipelines; co-partitioned with contact-events. */
    public static final Topic<SendRequest> OUTBOUND_REQUESTS =
            new Topic<>("outbound-requests", KeyFormat.CONTACT, SendRequest.class, Retention.DELETE);

    /** Approved sends. Written by send-gate. */
    public static final Topic<ApprovedSend> APPROVED_SENDS =
            new Topic<>("approved-sends", KeyFormat.CONTACT, ApprovedSend.class, Retention.DELETE);

    /** Rejections with a stable reason. Written by send-gate. */
    public static final Topic<SendRejection> SEND_REJECTIONS =
            new Topic<>("send-rejections", KeyFormat.CONTACT, SendRejection.class, Retention.DELETE);

    /** Per-contact consent and window state. Written by consent-projector; a deletion is a tombstone. */
    public static final Topic<ContactState> CONSENT_STATE =
            new Topic<>("consent-state", KeyFormat.CONTACT, ContactState.class, Retention.COMPACT);

    public static final List<Topic<?>> ALL = List.of(
            CONTACT_EVENTS, BUSINESS_EVENTS, OUTBOUND_REQUESTS, APPROVED_SENDS, SEND_REJECTIONS, CONSENT_STATE);

    private Topics() {
    }
}
