package io.consentgate.support;

import io.consentgate.schemas.serde.RestSchemaRegistryClient;
import io.consentgate.schemas.serde.SchemaRegistryClient;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The registry client and the contract serdes for every service. A test that wants the in-memory
 * registry declares its own {@link SchemaRegistryClient} bean.
 */
@AutoConfiguration
@EnableConfigurationProperties({SchemaRegistryProperties.class, PrivacyProperties.class})
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
}
