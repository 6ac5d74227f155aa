#!/bin/sh
# Creates the contract's topics (docs/contract.md) on a fresh cluster; topics that exist are left
# as they are. Kafka Streams creates its own internal topics. Run by the compose "topics" job with
# the apache/kafka image; works against any cluster:
#   BOOTSTRAP_SERVERS=host:9092 PARTITIONS=24 REPLICATION_FACTOR=3 KAFKA_TOPICS=kafka-topics.sh deploy/kafka/create-topics.sh
# Production: 3 copies, a write acknowledged once 2 have it (min.insync.replicas, the default for a
# replication factor of 3 or more), so one broker can be lost without losing or refusing anything.
# Partitions: see docs/production.md (contact-events and outbound-requests can never change theirs).
set -eu
bootstrap=${BOOTSTRAP_SERVERS:-kafka:9092}
partitions=${PARTITIONS:-3}
replication=${REPLICATION_FACTOR:-1}
if [ "$replication" -ge 3 ]; then default_min_isr=2; else default_min_isr=1; fi
min_isr=${MIN_INSYNC_REPLICAS:-$default_min_isr}
kafka_topics=${KAFKA_TOPICS:-/opt/kafka/bin/kafka-topics.sh}

# The broker configs of each retention of the topic registry (schemas: Topic.Retention).
# Facts and decisions: 30 days, which also bounds how long a record naming an erased person stays.
DELETE="cleanup.policy=delete retention.ms=2592000000"
# Erasure needs tombstoned values really gone: compaction forced within 7 days, tombstones kept 1 day.
COMPACT="cleanup.policy=compact max.compaction.lag.ms=604800000 segment.ms=86400000 delete.retention.ms=86400000"
# A small log readers fold from the start: no fact in force may expire or be compacted away.
KEEP_ALL="cleanup.policy=delete retention.ms=-1 retention.bytes=-1"

# create <topic> <config>...
create() {
  topic=$1
  shift
  configs="--config min.insync.replicas=$min_isr"
  for config in "$@"; do
    configs="$configs --config $config"
  done
  # $configs is split into arguments on purpose.
  "$kafka_topics" --bootstrap-server "$bootstrap" --create --if-not-exists --topic "$topic" \
    --partitions "$partitions" --replication-factor "$replication" $configs
}

# outbound-requests must keep the partition count of contact-events: they are co-partitioned.
create contact-events $DELETE
create business-events $KEEP_ALL
create outbound-requests $DELETE
create approved-sends $DELETE
create send-rejections $DELETE
create consent-state $COMPACT
# Dead letters are always a plain log: compaction would drop all but the last failure per key.
create contact-events-dlt $DELETE
create business-events-dlt $DELETE
create outbound-requests-dlt $DELETE
create approved-sends-dlt $DELETE
create send-rejections-dlt $DELETE
create consent-state-dlt $DELETE

"$kafka_topics" --bootstrap-server "$bootstrap" --list
