package io.consentgate.domain.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.consentgate.schemas.ContactKey;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The hasher keeps one Mac per thread (issue 17): reusing it must give what a fresh Mac gives, on every thread. */
class ErasureHasherTest {

    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes();
    private static final ErasureHasher HASHER = new ErasureHasher(SECRET);

    @Test
    void shouldGiveTheHmacOfAFreshMacEveryTimeTheMacIsReused() throws Exception {
        for (String contact : List.of("+34612345678", "+34699999999", "+34612345678", "ES.1410018717833190")) {
            assertThat(HASHER.hash("acme", contact)).isEqualTo(freshHmac("acme", contact));
        }
    }

    @Test
    void shouldGiveTheSameHashOnEveryThread() throws Exception {
        String expected = freshHmac("acme", "+34612345678");
        List<CompletableFuture<String>> hashes = IntStream.range(0, 8)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> HASHER.hash("acme", "+34612345678")))
                .toList();
        assertThat(hashes).allSatisfy(hash -> assertThat(hash.join()).isEqualTo(expected));
    }

    @Test
    void shouldTellAHashFromEveryCanonicalContact() {
        // Given
        String hash = HASHER.hash("acme", "+34612345678");

        // Then: the gate finds an erased contact's key in its store by this form (ErasedContactKeys)
        assertThat(ErasureHasher.isHash(hash)).isTrue();
        assertThat(ErasureHasher.isHash(HASHER.hash("acme", "ES.1410018717833190"))).isTrue();
        assertThat(List.of("+34612345678", "ES.1410018717833190", hash.toUpperCase(), hash.substring(1), hash + "0",
                "ES." + hash.substring(3))).noneMatch(ErasureHasher::isHash);
    }

    private static String freshHmac(String businessId, String contact) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET, "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(new ContactKey(businessId, contact).toBytes()));
    }
}
