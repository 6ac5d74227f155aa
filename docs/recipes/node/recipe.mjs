// An inbound message and a free-form reply to it, produced from Node, and the gate's decision read back.
//   npm install && node recipe.mjs <bootstrap> <registry-url>
// Serde: Confluent's @confluentinc/schemaregistry (the client the test suite's JS interop test uses).
// Kafka: KafkaJS, with its Java-compatible murmur2 partitioner.
import { Kafka, Partitioners, logLevel } from 'kafkajs';
import { AvroDeserializer, AvroSerializer, SchemaRegistryClient, SerdeType } from '@confluentinc/schemaregistry';

const [bootstrap, registryUrl] = process.argv.slice(2);
const registry = new SchemaRegistryClient({ baseURLs: [registryUrl] });
// The services own the contract: write with the latest registered schema, never register one from here.
const serializer = new AvroSerializer(registry, SerdeType.VALUE, { autoRegisterSchemas: false, useLatestVersion: true });
const deserializer = new AvroDeserializer(registry, SerdeType.VALUE, {});

const kafka = new Kafka({ clientId: 'node-recipe', brokers: [bootstrap], logLevel: logLevel.WARN });
const producer = kafka.producer({
  // Keys are plain UTF-8 strings partitioned like Java's default (murmur2). DefaultPartitioner is that one
  // in KafkaJS 2.x; LegacyPartitioner (KafkaJS 1.x's default) is not, and sends a key elsewhere.
  createPartitioner: Partitioners.DefaultPartitioner,
  idempotent: true, // implies acks=all
});

const business = 'shop-js';
const contact = '+34612345679';
const key = `${business}|${contact}`; // businessId|contact, the contact canonical (E.164)
const sender = '106540352242922';
const now = Date.now(); // timestamp-millis: a plain number of milliseconds
const requestId = `js-${now}`;

// Record JSON is avsc's shape: a union of records is wrapped in its full name, a nullable field is the bare value or null.
const inbound = {
  eventId: `js-inbound-${now}`, businessId: business, contact, occurredAt: now, recordedAt: now, source: 'node-recipe',
  payload: { 'io.consentgate.avro.InboundMessage': {
    messageId: `wamid.js-${now}`, senderId: sender, type: 'TEXT', keywordCandidate: null, buttonPayload: null,
    buttonText: null, referral: null, phone: null, bsuid: null } },
};
const request = {
  requestId, businessId: business, senderId: sender, contact, requestedAt: now, kind: 'FREE_FORM',
  template: null, consentTopic: null, payload: null,
};

await producer.connect();
for (const [topic, value] of [['contact-events', inbound], ['outbound-requests', request]]) {
  const [sent] = await producer.send({ topic, messages: [{ key, value: await serializer.serialize(topic, value) }] });
  console.log(`produced ${topic} [${sent.partition}] @ ${sent.baseOffset} key=${key}`);
}
await producer.disconnect();

// The gate writes its decisions in transactions: KafkaJS reads committed records only unless readUncommitted is set.
const consumer = kafka.consumer({ groupId: `node-recipe-${now}` });
await consumer.connect();
await consumer.subscribe({ topics: ['approved-sends', 'send-rejections'], fromBeginning: true });
const timeout = setTimeout(() => { console.error('no decision within 60 s: is the send-gate running?'); process.exit(1); }, 60_000);
await new Promise((resolve) => consumer.run({
  eachMessage: async ({ topic, partition, message }) => {
    const decision = await deserializer.deserialize(topic, message.value);
    if (decision.request.requestId !== requestId) return;
    console.log(`decision ${topic} [${partition}] @ ${message.offset} key=${message.key} request=${requestId} -> `
      + (decision.reason ?? decision.basis) + (decision.detail ? `: ${decision.detail}` : ''));
    resolve();
  },
}));
clearTimeout(timeout);
await consumer.disconnect();
