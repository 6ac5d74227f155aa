package io.consentgate.bench;

import static io.consentgate.bench.WarmContact.APPROVED;
import static io.consentgate.bench.WarmContact.FOLD;
import static io.consentgate.bench.WarmContact.HEALTHY_SENDER;
import static io.consentgate.bench.WarmContact.NOW;
import static io.consentgate.bench.WarmContact.POLICY;

import io.consentgate.avro.ContactEvent;
import io.consentgate.avro.ContactState;
import io.consentgate.avro.MessageKind;
import io.consentgate.avro.SendRequest;
import io.consentgate.domain.decision.DecidedRequests;
import io.consentgate.domain.decision.Decision;
import io.consentgate.domain.decision.SendPolicy;
import io.consentgate.domain.state.ContactFacts;
import io.consentgate.domain.state.ContactFactsAvro;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Throughput of the domain on one thread: what one core of the gate spends per request and per event. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DomainBenchmark {

    private ContactFacts warm;
    private SendRequest marketingOutsideWindow;
    private SendRequest replyInsideWindow;
    private ContactFacts warmWithOpenWindow;
    /** Distinct ids, so that no apply takes the already-seen shortcut. */
    private ContactEvent[] inboundMessages;
    private int next;
    private ContactState stored;

    @Setup
    public void setUp() {
        warm = WarmContact.state();
        marketingOutsideWindow = WarmContact.marketingRequest();
        replyInsideWindow = SendRequest.newBuilder(marketingOutsideWindow).setKind(MessageKind.FREE_FORM).setTemplate(null).build();
        warmWithOpenWindow = FOLD.apply(warm, WarmContact.event("recent", NOW.minus(Duration.ofMinutes(5)), WarmContact.inbound("wamid.r", "gracias")));
        inboundMessages = IntStream.range(0, 1024)
                .mapToObj(i -> WarmContact.event("bench-" + i, NOW.minusSeconds(i), WarmContact.inbound("wamid.b" + i, i % 2 == 0 ? "hola" : "STOP")))
                .toArray(ContactEvent[]::new);
        stored = ContactFactsAvro.toAvro(warm);
    }

    /** A marketing template outside the window: every rule is checked, consent looked up, quiet hours computed. */
    @Benchmark
    public Decision decideTemplateWithConsent() {
        return SendPolicy.decide(marketingOutsideWindow, warm, DecidedRequests.NONE, HEALTHY_SENDER, POLICY, APPROVED, NOW);
    }

    @Benchmark
    public Decision decideReplyInsideWindow() {
        return SendPolicy.decide(replyInsideWindow, warmWithOpenWindow, DecidedRequests.NONE, HEALTHY_SENDER, POLICY, null, NOW);
    }

    /** An inbound message (half of them STOP) folded into the warm state. */
    @Benchmark
    public ContactFacts applyInboundMessage() {
        ContactEvent event = inboundMessages[next++ & (inboundMessages.length - 1)];
        return FOLD.apply(warm, event);
    }

    /** What the gate pays to turn a stored Avro state into the domain state (the contact is parsed again). */
    @Benchmark
    public ContactFacts readStoredState() {
        return ContactFactsAvro.fromAvro(stored);
    }
}
