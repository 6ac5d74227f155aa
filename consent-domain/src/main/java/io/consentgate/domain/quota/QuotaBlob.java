package io.consentgate.domain.quota;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SequencedMap;

/**
 * The quota's format before issue 17: a business's whole count in one value (version 1). The gate no longer writes
 * it (a TIER_100K business outgrew the 1 MB record limit); it reads it once per business to move it to the per-contact
 * layout, so an upgrade forgets no counted contact.
 */
public final class QuotaBlob {

    public static final byte FORMAT_VERSION = 1;

    private QuotaBlob() {
    }

    /** Version byte, count, then per contact: epoch millis and the contact in modified UTF-8, oldest first. */
    public static byte[] encode(SequencedMap<String, Instant> oldestFirst) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(8 + oldestFirst.size() * 24);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT_VERSION);
            out.writeInt(oldestFirst.size());
            for (Map.Entry<String, Instant> counted : oldestFirst.entrySet()) {
                out.writeLong(counted.getValue().toEpochMilli());
                out.writeUTF(counted.getKey());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    /** Contact → when counted, in the order written; refuses another version or truncated bytes. */
    public static SequencedMap<String, Instant> decode(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte version = in.readByte();
            if (version != FORMAT_VERSION) {
                throw new IllegalArgumentException("business quota bytes have format version " + version + ", expected " + FORMAT_VERSION);
            }
            int count = in.readInt();
            LinkedHashMap<String, Instant> countedAt = LinkedHashMap.newLinkedHashMap(count);
            for (int i = 0; i < count; i++) {
                Instant at = Instant.ofEpochMilli(in.readLong());
                countedAt.put(in.readUTF(), at);
            }
            return countedAt;
        } catch (IOException e) {
            throw new IllegalArgumentException("business quota bytes are truncated or corrupt", e);
        }
    }
}
