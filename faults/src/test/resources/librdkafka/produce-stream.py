"""Produces records with librdkafka (python3-confluent-kafka) and its DEFAULT partitioner, one at a time as they
come, for a steady load (test-harness's produce.py takes a whole batch first). The caller encodes the records.

Usage: python3 produce-stream.py <bootstrap-servers>
stdin: one record a line, "<id> <topic> <base64 key> <base64 value>"
stdout: one line a record once delivered, "<id> <partition> <offset>", or "<id> ERROR <error>"
"""
import base64
import sys
import threading

from confluent_kafka import Producer


def main():
    # No 'partitioner' setting: librdkafka's default (consistent_random, CRC32 of the key) is what is tested.
    producer = Producer({"bootstrap.servers": sys.argv[1], "client.id": "librdkafka-default-partitioner", "acks": "all",
                         "enable.idempotence": True, "linger.ms": 1})
    lock = threading.Lock()
    done = threading.Event()

    def report(record_id):
        def on_delivery(error, message):
            with lock:
                if error is not None:
                    sys.stdout.write("%s ERROR %s\n" % (record_id, str(error).replace("\n", " ")))
                else:
                    sys.stdout.write("%s %d %d\n" % (record_id, message.partition(), message.offset()))
                sys.stdout.flush()
        return on_delivery

    def serve_deliveries():
        while not done.is_set():
            producer.poll(0.01)

    poller = threading.Thread(target=serve_deliveries, daemon=True)
    poller.start()
    for line in sys.stdin:
        fields = line.split()
        if not fields:
            continue
        record_id, topic, key, value = fields
        producer.produce(topic, key=base64.b64decode(key), value=base64.b64decode(value), on_delivery=report(record_id))
    done.set()
    poller.join()
    left = producer.flush(30)
    if left:
        sys.stderr.write("not delivered: %d left\n" % left)
        sys.exit(1)


if __name__ == "__main__":
    main()
