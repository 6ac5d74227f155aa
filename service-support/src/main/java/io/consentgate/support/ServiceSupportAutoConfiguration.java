package io.consentgate.support;

import io.consentgate.domain.policy.BusinessPolicies;
import io.consentgate.schemas.serde.RestSchemaRegistryClient;
import io.consentgate.schemas.serde.SchemaRegistryClient;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The registry client, the contract serdes and the business policies for every service. A test
 * that wants the in-memory registry declares its own {@link SchemaRegistryClient} bean.
 */
@AutoConfiguration
@EnableConfigurationProperties({SchemaRegistryProperties.class, PrivacyProperties.class, PolicyProperties.class})
public class ServiceSupportAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(SchemaRegistryClient.class)
    RestSchemaRegistryClient schemaRegistryClient(SchemaRegistryProperties properties) {
        return new RestSchemaRegistryClient(properties.settings());
    }

    @Bean
    @ConditionalOnMissingBean
    ContractSerdes contractSerdes(SchemaRegistryClient registry) {
        return new ContractSerdes(registry);
    }

    /** One policy binding for the gate and the projector, so that their folds of the same events agree. */
    @Bean
    @ConditionalOnMissingBean
    BusinessPolicies businessPolicies(PolicyProperties properties) {
        return properties.businessPolicies();
    }
}
