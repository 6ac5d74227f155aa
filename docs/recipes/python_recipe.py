#!/usr/bin/env python3
"""Publish an opt-in and a send request to Consent Gate's topics, then read the gate's decision.

Tried with Debian 12's python3-confluent-kafka 1.7.0 (librdkafka 2.0.2); its Avro serde needs fastavro
and requests. See docs/integrating.md.

    python3 docs/recipes/python_recipe.py BOOTSTRAP REGISTRY_URL
"""
import sys
import uuid
from datetime import datetime, timezone

from confluent_kafka import DeserializingConsumer, SerializingProducer
from confluent_kafka.schema_registry import SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroDeserializer, AvroSerializer
from confluent_kafka.serialization import StringDeserializer, StringSerializer

bootstrap, registry_url = sys.argv[1:3]
registry = SchemaRegistryClient({"url": registry_url})


def producer_for(topic):
    """One producer per topic: the value serializer is bound to the topic's schema."""
    # The services own the contract: write with the schema registered last under <topic>-value, and never
    # register one from here (what use.latest.version=true does in newer clients; 1.7.0 lacks that setting).
    schema = registry.get_latest_version(f"{topic}-value").schema.schema_str
    return SerializingProducer({
        "bootstrap.servers": bootstrap,
        # Keys are plain UTF-8 strings; the partition must be the one Java's default partitioner picks
        # (murmur2 of the key bytes): librdkafka's default (consistent_random, CRC32) picks another one.
        "partitioner": "murmur2_random",
        "key.serializer": StringSerializer("utf_8"),
        "value.serializer": AvroSerializer(registry, schema, conf={"auto.register.schemas": False}),
        "acks": "all",
        "enable.idempotence": True,
    })


def delivered(err, msg):
    if err is not None:
        raise SystemExit(f"not delivered: {err}")
    print(f"produced {msg.topic()} [{msg.partition()}] @ {msg.offset()} key={msg.key().decode()}")


now = datetime.now(timezone.utc)
business, contact = "shop-py", "+34612345678"
key = f"{business}|{contact}"  # businessId|contact, the contact canonical (E.164)

events = producer_for("contact-events")
events.produce("contact-events", key=key, on_delivery=delivered, value={
    "eventId": str(uuid.uuid4()), "businessId": business, "contact": contact,
    "occurredAt": now, "recordedAt": now, "source": "python-recipe",
    # The payload union's first branch is OptIn; fastavro picks the branch the dict matches.
    "payload": {
        "consentId": "c-" + uuid.uuid4().hex[:8], "businessName": "Shop", "channel": "WEB_FORM",
        "scopes": [{"category": "UTILITY", "topic": None}],
        "noticeVersion": "v1", "noticeHash": "0" * 64, "language": "es", "evidenceRef": "form/1",
    },
})
events.flush()

request_id = "py-" + uuid.uuid4().hex[:8]
requests = producer_for("outbound-requests")
requests.produce("outbound-requests", key=key, on_delivery=delivered, value={
    "requestId": request_id, "businessId": business, "senderId": "106540352242922", "contact": contact,
    "requestedAt": now, "kind": "TEMPLATE",
    "template": {"name": "order_update", "language": "es", "category": "UTILITY"},
})
requests.flush()

decisions = DeserializingConsumer({
    "bootstrap.servers": bootstrap,
    "group.id": "python-recipe-" + uuid.uuid4().hex[:8],
    "auto.offset.reset": "earliest",
    # The gate writes its decisions in transactions: read only committed ones.
    "isolation.level": "read_committed",
    "key.deserializer": StringDeserializer("utf_8"),
    "value.deserializer": AvroDeserializer(registry),  # the writer's schema, by the id in the record
})
decisions.subscribe(["approved-sends", "send-rejections"])
try:
    deadline = datetime.now(timezone.utc).timestamp() + 60
    while datetime.now(timezone.utc).timestamp() < deadline:
        msg = decisions.poll(1.0)
        if msg is None or msg.error() or msg.value()["request"]["requestId"] != request_id:
            continue
        decision = msg.value()
        outcome = decision.get("reason") or decision.get("basis")
        print(f"decision {msg.topic()} [{msg.partition()}] @ {msg.offset()} key={msg.key()} "
              f"request={request_id} -> {outcome}: {decision.get('detail') or ''}")
        break
    else:
        raise SystemExit("no decision within 60 s: is the send-gate running?")
finally:
    decisions.close()
