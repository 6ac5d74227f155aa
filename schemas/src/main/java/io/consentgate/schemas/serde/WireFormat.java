package io.consentgate.schemas.serde;

import java.io.ByteArrayOutputStream;

/** The Confluent wire format: magic byte 0, the schema id as a 4-byte big-endian int, then the Avro binary body. */
final class WireFormat {

    static final byte MAGIC_BYTE = 0;
    static final int HEADER_LENGTH = 5;

    static void writeHeader(ByteArrayOutputStream out, int schemaId) {
        out.write(MAGIC_BYTE);
        out.write(schemaId >>> 24);
        out.write(schemaId >>> 16);
        out.write(schemaId >>> 8);
        out.write(schemaId);
    }

    /** The schema id of a record whose header has been checked. */
    static int schemaId(byte[] record) {
        return (record[1] & 0xff) << 24 | (record[2] & 0xff) << 16 | (record[3] & 0xff) << 8 | record[4] & 0xff;
    }

    private WireFormat() {
    }
}
