"""Produces records with librdkafka (python3-confluent-kafka) and its DEFAULT partitioner, as a non-Java
integrator's pipeline would. The caller encodes the records (Confluent wire format); this only produces them.

Usage: python3 produce.py <bootstrap-servers> [pause-ms]
stdin: one record a line, "<topic> <base64 key> <base64 value>"
stdout: one line a record, in input order once delivered, "<partition> <offset> <timestamp-ms>"
"""
import base64
import sys
import time

from confluent_kafka import Producer


def main():
    bootstrap = sys.argv[1]
    pause = int(sys.argv[2]) / 1000.0 if len(sys.argv) > 2 else 0
    # No 'partitioner' setting: librdkafka's default (consistent_random, CRC32 of the key) is what is tested.
    producer = Producer({"bootstrap.servers": bootstrap, "client.id": "librdkafka-default-partitioner", "acks": "all",
                         "enable.idempotence": True})
    delivered = {}
    failed = []

    def report(index):
        def on_delivery(error, message):
            if error is not None:
                failed.append(str(error))
            else:
                delivered[index] = "%d %d %d" % (message.partition(), message.offset(), message.timestamp()[1])
        return on_delivery

    lines = [line.split() for line in sys.stdin if line.strip()]
    for index, (topic, key, value) in enumerate(lines):
        producer.produce(topic, key=base64.b64decode(key), value=base64.b64decode(value), on_delivery=report(index))
        producer.poll(0)
        if pause:
            time.sleep(pause)
    remaining = producer.flush(30)
    if remaining or failed or len(delivered) != len(lines):
        sys.stderr.write("not delivered: %d left, errors %s\n" % (remaining, failed))
        sys.exit(1)
    for index in range(len(lines)):
        print(delivered[index])


if __name__ == "__main__":
    main()
