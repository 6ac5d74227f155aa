package io.consentgate.support;

import io.consentgate.domain.policy.BusinessPolicies;
import io.consentgate.schemas.serde.RestSchemaRegistryClient;
import io.consentgate.schemas.serde.SchemaRegistryClient;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

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

    /**
     * One policy binding for every service, so that the gate's and the projector's folds of the same events agree and
     * the intake reads national numbers in the same region. Refuses to start when a moved setting is still set.
     */
    @Bean
    @ConditionalOnMissingBean
    BusinessPolicies businessPolicies(PolicyProperties properties, Environment environment) {
        MovedProperties.refuse(environment);
        return properties.businessPolicies();
    }
}
