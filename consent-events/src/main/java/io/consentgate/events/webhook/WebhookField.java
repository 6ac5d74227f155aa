package io.consentgate.events.webhook;

/**
 * What the changes of one webhook field (Meta's {@code entry[].changes[].field}) become: one implementation per
 * field, listed under the field's name in {@link WhatsAppWebhookMapper#knownFields}; a field without one is counted
 * as unknown ({@code field.<name>}). Adding a field is adding an implementation to that list.
 *
 * <p>An implementation is pure (no I/O) and never throws on content: what it does not know goes to
 * {@link BatchBuilder#unknown}, an item it cannot use to {@link BatchBuilder#refuse} (the rest of the delivery goes
 * on), and every fact it adds is named by an {@link io.consentgate.events.publisher.EventIds} method that gives the
 * same item the same id, so that Meta's redeliveries are folded once.
 */
@FunctionalInterface
interface WebhookField {

    void map(WebhookChange change, BatchBuilder batch);
}
