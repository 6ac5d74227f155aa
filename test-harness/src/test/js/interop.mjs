// Confluent's own JavaScript schema-registry serde, driven by JavaScriptInteropTest to prove that
// what our Java serde writes, any Confluent client reads, and the other way round.
//
//   node interop.mjs serialize   <registry-url> <topic> <record-json>  -> hex of the Kafka value
//   node interop.mjs deserialize <registry-url> <topic> <hex>          -> the record as JSON
//
// Record JSON is avsc's shape: a union of records is wrapped ({"io.consentgate.avro.OptIn": {...}}),
// a nullable field is the bare value or null, timestamp-millis is a plain number of milliseconds.
import {
  AvroDeserializer,
  AvroSerializer,
  SchemaRegistryClient,
  SerdeType,
} from '@confluentinc/schemaregistry';

const [command, registryUrl, topic, input] = process.argv.slice(2);
const client = new SchemaRegistryClient({ baseURLs: [registryUrl] });

async function serialize() {
  // The Java side owns the contract: write with the latest registered schema of <topic>-value.
  const serializer = new AvroSerializer(client, SerdeType.VALUE, {
    autoRegisterSchemas: false,
    useLatestVersion: true,
  });
  const bytes = await serializer.serialize(topic, JSON.parse(input));
  return bytes.toString('hex');
}

async function deserialize() {
  const deserializer = new AvroDeserializer(client, SerdeType.VALUE, {});
  const record = await deserializer.deserialize(topic, Buffer.from(input, 'hex'));
  return JSON.stringify(record);
}

const commands = { serialize, deserialize };

if (!(command in commands) || input === undefined) {
  console.error('usage: node interop.mjs serialize|deserialize <registry-url> <topic> <record-json|hex>');
  process.exit(2);
}
try {
  console.log(await commands[command]());
} catch (error) {
  console.error(error?.stack ?? String(error));
  process.exit(1);
}
