package io.consentgate.support.streams;

import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Lands every keyed record of a topic on its key's home partition ({@link HomePartitions}) before it is
 * folded, whatever partitioner its producer used:
 *
 * <pre>
 * topic ─ route ─┬─ on its home partition ─────────────────────────────────────┬─ the stream returned
 *                └─ misrouted (counted, logged) ─ [&lt;app-id&gt;-&lt;name&gt;-repartition] ─┘
 * </pre>
 *
 * The repartition topic is internal (Kafka Streams creates it with the topic's partition count and writes it
 * with murmur2), so a misrouted record is folded on its home partition one hop later than a well-routed one, in
 * the order it was read from its own partition. A record without a key, or without a value, has no contact to
 * be wrong about: it stays where it is.
 */
public final class ToHomePartitions {

    private ToHomePartitions() {
    }

    /** Told of each record rerouted ({@link MisroutedRecords} counts and logs it). */
    @FunctionalInterface
    public interface Misrouted {

        /** A record of {@code topic} read on {@code partition} (at {@code offset}) whose key belongs on {@code home}. */
        void rerouted(String topic, int partition, long offset, int home);
    }

    /** The internal topic misrouted records of {@code name} are rerouted through. */
    public static String reroutedTopic(String applicationId, String name) {
        return applicationId + "-" + name + "-repartition";
    }

    /**
     * @param stream the records as read from {@code topic}, in the source's sub-topology (the route reads each record's
     *               partition and offset)
     * @param name   names the nodes and the repartition topic ({@link #reroutedTopic})
     */
    public static <V> KStream<String, V> of(KStream<String, V> stream, String topic, String name, HomePartitions.PartitionCounts counts,
                                            Serde<String> keys, Serde<V> values, Misrouted misrouted) {
        Map<String, KStream<String, Routed<V>>> routes = stream
                .processValues(() -> new Route<V>(topic, counts, misrouted), Named.as(name + "-route"))
                .split(Named.as(name + "-"))
                .branch((key, routed) -> routed.home(), Branched.as("home"))
                .defaultBranch(Branched.as("misrouted"));
        KStream<String, V> home = routes.get(name + "-home").mapValues(Routed::value, Named.as(name + "-home-records"));
        KStream<String, V> rerouted = routes.get(name + "-misrouted").mapValues(Routed::value, Named.as(name + "-misrouted-records"))
                .repartition(Repartitioned.with(keys, values).withName(name));
        return home.merge(rerouted, Named.as(name + "-all-home"));
    }

    private record Routed<V>(boolean home, V value) {
    }

    private static final class Route<V> implements FixedKeyProcessor<String, V, Routed<V>> {

        private final String topic;
        private final HomePartitions.PartitionCounts counts;
        private final Misrouted misrouted;
        private FixedKeyProcessorContext<String, Routed<V>> context;
        private int partitionCount;

        private Route(String topic, HomePartitions.PartitionCounts counts, Misrouted misrouted) {
            this.topic = topic;
            this.counts = counts;
            this.misrouted = misrouted;
        }

        @Override
        public void init(FixedKeyProcessorContext<String, Routed<V>> context) {
            this.context = context;
            this.partitionCount = counts.of(topic);
        }

        @Override
        public void process(FixedKeyRecord<String, V> record) {
            RecordMetadata source = context.recordMetadata().orElse(null);
            if (record.key() == null || record.value() == null || source == null) {
                context.forward(record.withValue(new Routed<>(true, record.value())));
                return;
            }
            int home = HomePartitions.of(record.key(), partitionCount);
            if (home != source.partition()) {
                misrouted.rerouted(topic, source.partition(), source.offset(), home);
            }
            context.forward(record.withValue(new Routed<>(home == source.partition(), record.value())));
        }
    }
}
