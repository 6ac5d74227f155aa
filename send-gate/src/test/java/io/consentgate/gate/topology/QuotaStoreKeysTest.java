package io.consentgate.gate.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Bytes;
import org.junit.jupiter.api.Test;

class QuotaStoreKeysTest {

    @Test
    void shouldNotConfuseOneBusinessAndContactWithAnother() {
        assertThat(new QuotaStoreKeys("a").contact("bc")).isNotEqualTo(new QuotaStoreKeys("ab").contact("c"));
        assertThat(new QuotaStoreKeys("a").byTime(1, "bc")).isNotEqualTo(new QuotaStoreKeys("ab").byTime(1, "c"));
    }

    @Test
    void shouldKeepABusinessTimeIndexApartFromEveryOtherBusiness() {
        // "a" followed by bytes that could read as a time: the length prefix puts it outside "a"'s range
        QuotaStoreKeys a = new QuotaStoreKeys("a");
        Bytes other = new QuotaStoreKeys("a\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0001").byTime(5, "+34600000000");

        assertThat(other.compareTo(a.byTimeFrom(Long.MIN_VALUE)) >= 0 && other.compareTo(a.byTimeThrough(Long.MAX_VALUE)) <= 0).isFalse();
    }

    @Test
    void shouldOrderTheTimeIndexByTimeAsRocksDbOrdersBytes() {
        QuotaStoreKeys keys = new QuotaStoreKeys("acme");

        assertThat(keys.byTime(-1, "zzz")).isLessThan(keys.byTime(0, "a"));
        assertThat(keys.byTime(255, "zzz")).isLessThan(keys.byTime(256, "a"));
        assertThat(keys.byTime(1_780_000_000_000L, "z")).isLessThan(keys.byTimeThrough(1_780_000_000_000L));
        assertThat(keys.byTimeThrough(1_780_000_000_000L)).isLessThan(keys.byTimeFrom(1_780_000_000_001L));
        assertThat(keys.timeOf(keys.byTime(1_780_000_000_000L, "+34600000001"))).isEqualTo(1_780_000_000_000L);
        assertThat(keys.contactOf(keys.byTime(1_780_000_000_000L, "+34600000001"))).isEqualTo("+34600000001");
    }

    @Test
    void shouldNeverMakeAKeyThatIsABusinessIdOfTheOldFormat() {
        QuotaStoreKeys keys = new QuotaStoreKeys("acme");

        for (Bytes key : new Bytes[] {keys.summary(), keys.contact("+34600000001"), keys.byTime(0, "+34600000001")}) {
            String asText = new String(key.get(), StandardCharsets.UTF_8);
            assertThat(asText.getBytes(StandardCharsets.UTF_8)).as("not valid UTF-8, so no business id").isNotEqualTo(key.get());
        }
        assertThat(keys.oldFormat().get()).isEqualTo("acme".getBytes(StandardCharsets.UTF_8));
    }
}
