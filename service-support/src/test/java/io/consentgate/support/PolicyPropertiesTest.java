package io.consentgate.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.consentgate.avro.MessageCategory;
import io.consentgate.domain.keyword.KeywordLists;
import io.consentgate.domain.policy.BusinessPolicies;
import io.consentgate.domain.policy.BusinessPolicy;
import io.consentgate.domain.policy.FrequencyCap;
import io.consentgate.domain.policy.PricingPolicy;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class PolicyPropertiesTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ServiceSupportAutoConfiguration.class));

    @Test
    void shouldServeTheCoreDefaultsWhenNothingIsConfigured() {
        context.run(app -> assertThat(app.getBean(BusinessPolicies.class).of("any-business")).isEqualTo(BusinessPolicy.DEFAULTS));
    }

    @Test
    void shouldLayerTheCoreDefaultsThePolicyOfAllBusinessesAndABusinessesOwn() {
        // Given a policy for all businesses, and one business that overrides parts of it
        context.withPropertyValues(
                        "consentgate.policy.default-time-zone=Europe/Madrid",
                        "consentgate.policy.window-margin=2m",
                        "consentgate.policy.frequency-caps[0].category=MARKETING",
                        "consentgate.policy.frequency-caps[0].max-messages=1",
                        "consentgate.policy.frequency-caps[0].period=24h",
                        "consentgate.policy.quiet-hours-start=22:00",
                        "consentgate.policy.opt-out-keywords=Désabonner,STOP",
                        "consentgate.policy.businesses.acme-retail.default-region=ES",
                        "consentgate.policy.businesses.acme-retail.quiet-hours-end=09:30",
                        "consentgate.policy.businesses.acme-retail.quiet-categories=MARKETING,UTILITY",
                        "consentgate.policy.businesses.acme-retail.marketing-blocked-regions=US,CA",
                        "consentgate.policy.businesses.acme-retail.opt-in-keywords=¡Volver!",
                        "consentgate.policy.businesses.acme-retail.stop-promotions=No más ofertas")
                .run(app -> {
                    BusinessPolicies policies = app.getBean(BusinessPolicies.class);
                    BusinessPolicy others = policies.of("zapateria-lucia");
                    BusinessPolicy acme = policies.of("acme-retail");

                    // Then every business gets the policy of all businesses over the core's defaults
                    assertThat(others.defaultRegion()).isNull();
                    assertThat(others.defaultTimeZone()).isEqualTo(ZoneId.of("Europe/Madrid"));
                    assertThat(others.windowMargin()).isEqualTo(Duration.ofMinutes(2));
                    assertThat(others.frequencyCaps()).containsExactly(new FrequencyCap(MessageCategory.MARKETING, 1, Duration.ofHours(24)));
                    assertThat(others.quietHours().start()).isEqualTo(LocalTime.of(22, 0));
                    assertThat(others.quietHours().end()).isEqualTo(BusinessPolicy.DEFAULTS.quietHours().end());
                    assertThat(others.marketingBlockedRegions()).containsExactly("US");
                    // (lists are folded as the core folds them: matched in any case, without accents)
                    assertThat(others.keywords().optOut()).containsExactlyInAnyOrder("DESABONNER", "STOP");
                    assertThat(others.keywords().optBackIn()).isEqualTo(KeywordLists.DEFAULTS.optBackIn());
                    assertThat(others.keywords().stopPromotions()).isEqualTo(KeywordLists.DEFAULTS.stopPromotions());

                    // And acme-retail its own settings over that, inheriting the rest
                    assertThat(acme.defaultRegion()).isEqualTo("ES");
                    assertThat(acme.defaultTimeZone()).isEqualTo(ZoneId.of("Europe/Madrid"));
                    assertThat(acme.frequencyCaps()).isEqualTo(others.frequencyCaps());
                    assertThat(acme.quietHours().start()).isEqualTo(LocalTime.of(22, 0));
                    assertThat(acme.quietHours().end()).isEqualTo(LocalTime.of(9, 30));
                    assertThat(acme.quietHours().categories()).containsExactlyInAnyOrder(MessageCategory.MARKETING, MessageCategory.UTILITY);
                    assertThat(acme.marketingBlockedRegions()).containsExactlyInAnyOrder("US", "CA");
                    assertThat(acme.keywords().optOut()).containsExactlyInAnyOrder("DESABONNER", "STOP");
                    assertThat(acme.keywords().optBackIn()).containsExactly("VOLVER");
                    assertThat(acme.keywords().stopPromotions()).containsExactly("NO MAS OFERTAS");
                    assertThat(acme.pricing()).isEqualTo(BusinessPolicy.DEFAULTS.pricing());
                });
    }

    @Test
    void shouldTakeMetasPricingFromConfigurationAndKeepTheRestOfItsDefaults() {
        // Given Meta moving the date window messages are billed from, and one business billed for UTILITY always
        context.withPropertyValues(
                        "consentgate.policy.pricing.window-messages-billed-from=2027-01-01T00:00:00Z",
                        "consentgate.policy.businesses.acme-retail.pricing.always-billed=MARKETING,AUTHENTICATION,UTILITY")
                .run(app -> {
                    BusinessPolicies policies = app.getBean(BusinessPolicies.class);

                    // Then every business gets the new date with the default categories, and acme-retail its own categories too
                    assertThat(policies.of("zapateria-lucia").pricing()).isEqualTo(new PricingPolicy(
                            BusinessPolicy.DEFAULTS.pricing().alwaysBilled(), Instant.parse("2027-01-01T00:00:00Z")));
                    assertThat(policies.of("acme-retail").pricing()).isEqualTo(new PricingPolicy(
                            Set.of(MessageCategory.MARKETING, MessageCategory.AUTHENTICATION, MessageCategory.UTILITY),
                            Instant.parse("2027-01-01T00:00:00Z")));
                });
    }

    @Test
    void shouldLetABusinessSetItsKeywordsPerLanguageAndMarketingInsideTheWindow() {
        // Given per-language lists for one business, and the window switch turned off for it
        context.withPropertyValues(
                        "consentgate.policy.businesses.acme-retail.keywords.de.opt-out=Genug",
                        "consentgate.policy.businesses.acme-retail.keywords.it.stop-promotions=Niente più offerte",
                        "consentgate.policy.businesses.acme-retail.marketing-in-window-needs-opt-in=false")
                .run(app -> {
                    BusinessPolicies policies = app.getBean(BusinessPolicies.class);
                    BusinessPolicy acme = policies.of("acme-retail");

                    // Then that language's list is replaced, the other lists and languages keep their defaults
                    assertThat(acme.keywords().languages().get("de").optOut()).containsExactly("GENUG");
                    assertThat(acme.keywords().languages().get("de").optBackIn()).isEqualTo(KeywordLists.DEFAULTS.languages().get("de").optBackIn());
                    assertThat(acme.keywords().languages().get("it").stopPromotions()).containsExactly("NIENTE PIU OFFERTE");
                    assertThat(acme.keywords().languages().get("es")).isEqualTo(KeywordLists.DEFAULTS.languages().get("es"));
                    assertThat(acme.marketingInWindowNeedsOptIn()).isFalse();
                    assertThat(policies.of("others").marketingInWindowNeedsOptIn()).isTrue();
                });
    }

    @Test
    void shouldRefuseBusinessesNestedInABusinessAndSayWhereTheSettingGoes() {
        context.withPropertyValues("consentgate.policy.businesses.acme-retail.businesses.shoes.default-region=ES")
                .run(app -> assertThat(app).getFailure()
                        .rootCause().hasMessageContaining("consentgate.policy.businesses.acme-retail.businesses is not a setting")
                        .hasMessageContaining("consentgate.policy.businesses.acme-retail.*"));
    }

    @Test
    void shouldLetAServiceBringItsOwnPolicies() {
        BusinessPolicies own = BusinessPolicies.of(BusinessPolicy.DEFAULTS, Map.of());

        context.withBean(BusinessPolicies.class, () -> own)
                .withPropertyValues("consentgate.policy.default-region=ES")
                .run(app -> assertThat(app.getBean(BusinessPolicies.class)).isSameAs(own));
    }

    @Test
    void shouldKeepAnEmptyListEmpty() {
        // An empty list is a choice (e.g. a business whose opt-back-in is handled elsewhere), not "unset"
        context.withPropertyValues("consentgate.policy.opt-in-keywords=")
                .run(app -> assertThat(app.getBean(BusinessPolicies.class).of("any").keywords().optBackIn()).isEqualTo(Set.of()));
    }
}
