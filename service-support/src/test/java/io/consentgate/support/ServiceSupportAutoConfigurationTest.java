package io.consentgate.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.consentgate.schemas.Topics;
import io.consentgate.schemas.serde.InMemorySchemaRegistryClient;
import io.consentgate.schemas.serde.RestSchemaRegistryClient;
import io.consentgate.schemas.serde.SchemaRegistryClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class ServiceSupportAutoConfigurationTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ServiceSupportAutoConfiguration.class));

    @Test
    void shouldBindTheRegistrySettingsFromProperties() {
        context.withPropertyValues(
                        "consentgate.schema-registry.url=http://registry.internal:8081/apis/ccompat/v7",
                        "consentgate.schema-registry.basic-auth-user-info=gate:secret",
                        "consentgate.schema-registry.timeout=2s",
                        "consentgate.schema-registry.max-attempts=6")
                .run(app -> {
                    var settings = app.getBean(SchemaRegistryProperties.class).settings();
                    assertThat(settings.url()).hasToString("http://registry.internal:8081/apis/ccompat/v7");
                    assertThat(settings.basicAuthUserInfo()).isEqualTo("gate:secret");
                    assertThat(settings.bearerToken()).isNull();
                    assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(2));
                    assertThat(settings.maxAttempts()).isEqualTo(6);
                    assertThat(app.getBean(SchemaRegistryClient.class)).isInstanceOf(RestSchemaRegistryClient.class);
                });
    }

    @Test
    void shouldLetATestBringItsOwnRegistryAndServeOneSerdePerTopic() {
        context.withBean(SchemaRegistryClient.class, InMemorySchemaRegistryClient::new)
                .run(app -> {
                    ContractSerdes serdes = app.getBean(ContractSerdes.class);
                    assertThat(serdes.registry()).isInstanceOf(InMemorySchemaRegistryClient.class);
                    assertThat(serdes.value(Topics.CONTACT_EVENTS)).isSameAs(serdes.value(Topics.CONTACT_EVENTS));
                    assertThat(serdes.value(Topics.CONTACT_EVENTS)).isNotSameAs(serdes.value(Topics.OUTBOUND_REQUESTS));
                });
    }

    @Test
    void shouldRefuseToStartWithASettingThatHasMovedAndNameItsNewKey() {
        context.withPropertyValues("consentgate.events.regions.acme-es=ES", "consentgate.gate.policy.quiet-hours-start=22:00")
                .run(app -> assertThat(app).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("consentgate.events.regions.acme-es → consentgate.policy.businesses.<businessId>.default-region")
                        .hasMessageContaining("consentgate.gate.policy.quiet-hours-start → consentgate.policy"));
    }

    @Test
    void shouldRefuseTheProjectorsOwnRegionAndNameTheBusinessPolicysInstead() {
        // Before: the projector read national numbers in consentgate.projector.default-region, capture in the business policy's
        // region, so a number captured under a business's region was not found by the projector.
        context.withPropertyValues("consentgate.projector.default-region=ES")
                .run(app -> assertThat(app).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("consentgate.projector.default-region → consentgate.policy.default-region")
                        .hasMessageContaining("consentgate.policy.businesses.<businessId>.default-region"));
    }

    @Test
    void shouldStartWithTheSharedPolicy() {
        context.withPropertyValues("consentgate.policy.businesses.acme-es.default-region=ES")
                .run(app -> assertThat(app.getBean(io.consentgate.domain.policy.BusinessPolicies.class).of("acme-es").defaultRegion())
                        .isEqualTo("ES"));
    }
}
