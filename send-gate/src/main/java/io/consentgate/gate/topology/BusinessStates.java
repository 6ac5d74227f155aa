package io.consentgate.gate.topology;

import io.consentgate.avro.MessageCategory;
import io.consentgate.avro.MessagingTier;
import io.consentgate.avro.QualityRating;
import io.consentgate.avro.SenderStatus;
import io.consentgate.avro.TemplateStatus;
import io.consentgate.domain.business.MessagingLimit;
import io.consentgate.domain.business.SenderState;
import io.consentgate.domain.business.TemplateState;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Sender states, template states and messaging limits, folded from {@code business-events} into the
 * global store {@value GateTopology#BUSINESS_STATE_STORE}: one store, because a topic feeds one global
 * store; the key says which kind of state it is. Values are a small binary form of the domain records.
 */
public final class BusinessStates {

    private static final String SENDER = "sender|";
    private static final String TEMPLATE = "template|";
    private static final String LIMIT = "limit|";

    private final ReadOnlyKeyValueStore<String, byte[]> store;

    public BusinessStates(ReadOnlyKeyValueStore<String, byte[]> store) {
        this.store = store;
    }

    /** Null when the gate has heard nothing about the sender. */
    public SenderState sender(String businessId, String senderId) {
        byte[] bytes = store.get(SENDER + SenderState.storeKey(businessId, senderId));
        return bytes == null ? null : sender(businessId, senderId, bytes);
    }

    /** Every sender the gate has heard about (a sender id is Meta's phone number id: it holds no '|'). */
    public List<SenderState> senders() {
        List<SenderState> senders = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> all = store.prefixScan(SENDER, new StringSerializer())) {
            all.forEachRemaining(each -> {
                String key = each.key.substring(SENDER.length());
                int split = key.lastIndexOf('|');
                senders.add(sender(key.substring(0, split), key.substring(split + 1), each.value));
            });
        }
        return senders;
    }

    private static SenderState sender(String businessId, String senderId, byte[] bytes) {
        return read(bytes, in -> {
            QualityRating quality = QualityRating.valueOf(in.readUTF());
            SenderStatus status = SenderStatus.valueOf(in.readUTF());
            Instant since = instant(in);
            Instant updated = instant(in);
            Instant restrictedUntil = in.available() == 0 ? null : optionalInstant(in); // values written before restrictions had an end have none
            Instant rateLimitedAt = in.available() == 0 ? null : optionalInstant(in); // nor before rate limits were kept
            int rateLimitCode = in.available() == 0 ? 0 : in.readInt();
            return new SenderState(businessId, senderId, quality, status, since, updated, restrictedUntil, rateLimitedAt, rateLimitCode);
        });
    }

    /** Null when no status was ever reported for the template in that language. */
    public TemplateState template(String businessId, String name, String language) {
        byte[] bytes = store.get(TEMPLATE + TemplateState.storeKey(businessId, name, language));
        return bytes == null ? null : template(businessId, name, language, bytes);
    }

    private static TemplateState template(String businessId, String name, String language, byte[] bytes) {
        return read(bytes, in -> {
            TemplateStatus status = TemplateStatus.valueOf(in.readUTF());
            String category = in.readUTF();
            MessageCategory known = category.isEmpty() ? null : MessageCategory.valueOf(category);
            Instant since = instant(in);
            if (in.available() == 0) { // written before template events were kept
                return new TemplateState(businessId, name, language, status, known, since);
            }
            return new TemplateState(businessId, name, language, status, known, since, instant(in), optionalInstant(in), optionalInstant(in),
                    in.readInt());
        });
    }

    /** Every template of the business the gate has heard about (the '|' after the businessId keeps other businesses out). */
    public List<TemplateState> templates(String businessId) {
        String prefix = TEMPLATE + businessId + '|';
        List<TemplateState> templates = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> all = store.prefixScan(prefix, new StringSerializer())) {
            all.forEachRemaining(each -> {
                String key = each.key.substring(prefix.length());
                int split = key.lastIndexOf('|'); // a language code holds no '|'
                templates.add(template(businessId, key.substring(0, split), key.substring(split + 1), each.value));
            });
        }
        return templates;
    }

    /** The business's messaging limit; the tier new portfolios start with until Meta reports one. */
    public MessagingLimit limit(String businessId) {
        byte[] bytes = store.get(LIMIT + businessId);
        return bytes == null ? MessagingLimit.INITIAL : read(bytes, in -> new MessagingLimit(MessagingTier.valueOf(in.readUTF()), instant(in)));
    }

    void put(SenderState sender) {
        writable().put(SENDER + SenderState.storeKey(sender.businessId(), sender.senderId()), write(out -> {
            out.writeUTF(sender.quality().name());
            out.writeUTF(sender.status().name());
            out.writeLong(sender.statusSince().toEpochMilli());
            out.writeLong(sender.updatedAt().toEpochMilli());
            writeOptional(out, sender.restrictedUntil());
            writeOptional(out, sender.rateLimitedAt());
            out.writeInt(sender.rateLimitCode());
        }));
    }

    void put(TemplateState template) {
        writable().put(TEMPLATE + TemplateState.storeKey(template.businessId(), template.name(), template.language()), write(out -> {
            out.writeUTF(template.status().name());
            out.writeUTF(template.category() == null ? "" : template.category().name());
            out.writeLong(template.since().toEpochMilli());
            out.writeLong(template.categorySince().toEpochMilli());
            writeOptional(out, template.disableDate());
            writeOptional(out, template.pausedUntil());
            out.writeInt(template.pauses());
        }));
    }

    void put(String businessId, MessagingLimit limit) {
        writable().put(LIMIT + businessId, write(out -> {
            out.writeUTF(limit.tier().name());
            out.writeLong(limit.since().toEpochMilli());
        }));
    }

    private KeyValueStore<String, byte[]> writable() {
        if (store instanceof KeyValueStore<String, byte[]> writable) {
            return writable;
        }
        throw new IllegalStateException("business states read through interactive queries are read-only");
    }

    private static Instant instant(DataInputStream in) throws IOException {
        return Instant.ofEpochMilli(in.readLong());
    }

    private static Instant optionalInstant(DataInputStream in) throws IOException {
        return in.readBoolean() ? instant(in) : null;
    }

    private static void writeOptional(DataOutputStream out, Instant instant) throws IOException {
        out.writeBoolean(instant != null);
        if (instant != null) {
            out.writeLong(instant.toEpochMilli());
        }
    }

    private interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private static <T> T read(byte[] bytes, Reader<T> reader) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            return reader.read(in);
        } catch (IOException e) {
            throw new IllegalStateException("a value in store " + GateTopology.BUSINESS_STATE_STORE
                    + " is truncated; delete the gate's state directory to rebuild the store from business-events", e);
        }
    }

    private static byte[] write(Writer writer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(48);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writer.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }
}
