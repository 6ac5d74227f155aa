/**
 * The contract's records as the tests, the fault scenarios and the benchmark build them: the envelopes of
 * contact-events and business-events, the payloads they share (a web-form opt-in to the samples' notice, an opt-out
 * of everything, an inbound text, a healthy sender, a template's status), send requests and the gate's decisions.
 * Each builder fills what every caller gives alike and returns an Avro builder where callers differ, so that every
 * caller still writes exactly the records it wrote before. Plain Avro, no Kafka: a test that needs a pure domain
 * value uses consent-domain's own fixtures.
 */
package io.consentgate.testing.contract;
