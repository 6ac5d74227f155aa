package io.consentgate.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromQlTest {

    @Test
    void shouldFindTheMetricsOfAnExpressionButNotItsFunctionsLabelsOrKeywords() {
        // Given
        String expression = """
                histogram_quantile(0.99, sum by (le, job) (rate(consentgate_decision_latency_seconds_bucket{job="send-gate"}[$__rate_interval])))
                  > 2 * on (job) group_left max without (instance) (some_limit offset 5m)
                  and ignoring (business) up{job=~"a|b"} == bool 1e3
                """;

        // When / Then
        assertThat(PromQl.metricNames(expression))
                .containsExactlyInAnyOrder("consentgate_decision_latency_seconds_bucket", "some_limit", "up");
    }

    @Test
    void shouldKeepRecordingRuleNamesAndIgnoreNamesInsideStrings() {
        // Given
        String expression = "consentgate:rejection_ratio:rate5m > 0.2 and label_replace(up, \"x\", \"not_a_metric\", \"\", \"\")";

        // When / Then
        assertThat(PromQl.metricNames(expression)).containsExactlyInAnyOrder("consentgate:rejection_ratio:rate5m", "up");
    }
}
