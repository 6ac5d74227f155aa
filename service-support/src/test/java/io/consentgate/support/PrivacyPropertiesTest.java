package io.consentgate.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PrivacyPropertiesTest {

    @Test
    void shouldRefuseToStartWithoutAnErasureKeyAndSayWhatToDo() {
        assertThatThrownBy(() -> new PrivacyProperties(null).erasureHasher())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("consentgate.privacy.erasure-hash-key is not set")
                .hasMessageContaining("openssl rand -base64 48")
                .hasMessageContaining("dev profile");
    }

    @Test
    void shouldRefuseAShortErasureKey() {
        assertThatThrownBy(() -> new PrivacyProperties("too-short").erasureHasher())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("has 9 bytes; it needs at least 32");
    }

    @Test
    void shouldHashWithAConfiguredKey() {
        // Given a key of 32 bytes
        PrivacyProperties privacy = new PrivacyProperties("0123456789abcdef0123456789abcdef");

        // Then the same contact always hashes the same way, and the hash hides the number
        String hash = privacy.erasureHasher().hash("shoes", "+34612345678");
        assertThat(hash).isEqualTo(privacy.erasureHasher().hash("shoes", "+34612345678")).doesNotContain("612345678").hasSize(64);
    }
}
