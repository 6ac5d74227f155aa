package io.consentgate.events.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.consentgate.events.Fixtures;
import io.consentgate.testing.WebhookSignatures;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

    private final WebhookSignature signature = new WebhookSignature("app-secret-ü");

    @Test
    void shouldAcceptMetasSignatureOfTheRawBytesWithNonAsciiNames() throws Exception {
        // Given the raw bytes of a delivery naming José and محمد, signed as Meta signs
        byte[] body = Fixtures.bytes("webhooks/messages-batch.json");
        assertThat(new String(body, StandardCharsets.UTF_8)).contains("José", "محمد");
        String header = WebhookSignatures.sign("app-secret-ü", body);

        // Then it verifies, in either hex case
        assertThat(signature.isValid(header, body)).isTrue();
        assertThat(signature.isValid(header.toUpperCase().replace("SHA256=", "sha256="), body)).isTrue();
    }

    @Test
    void shouldRefuseASignatureOfReserialisedJson() {
        // Re-encoding non-ASCII as \\u escapes is the same JSON but not the same bytes
        byte[] body = "{\"name\":\"José\"}".getBytes(StandardCharsets.UTF_8);
        byte[] escaped = "{\"name\":\"Jos\\u00e9\"}".getBytes(StandardCharsets.UTF_8);

        assertThat(signature.isValid(signature.headerFor(escaped), body)).isFalse();
    }

    @Test
    void shouldRefuseMissingMalformedAndWrongSignatures() {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        String valid = signature.headerFor(body);

        assertThat(signature.isValid(null, body)).isFalse();
        assertThat(signature.isValid("", body)).isFalse();
        assertThat(signature.isValid("sha1=" + valid.substring(7), body)).isFalse();
        assertThat(signature.isValid("sha256=zz" + valid.substring(9), body)).isFalse();
        assertThat(signature.isValid(valid.substring(0, valid.length() - 2), body)).isFalse();
        assertThat(signature.isValid(new WebhookSignature("another-secret").headerFor(body), body)).isFalse();
        assertThat(new WebhookSignature(null).isValid(valid, body)).isFalse();
    }
}
