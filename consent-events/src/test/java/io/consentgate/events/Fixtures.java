package io.consentgate.events;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Test payloads in src/test/resources, as raw bytes (signatures are over bytes). */
public final class Fixtures {

    public static final String WABA_ID = "102290129340398";
    public static final String BUSINESS_ID = "acme-retail";
    public static final String PHONE_NUMBER_ID = "106540352242922";
    public static final String DISPLAY_NUMBER = "34910000000";

    public static byte[] bytes(String resource) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/" + resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Fixtures() {
    }
}
