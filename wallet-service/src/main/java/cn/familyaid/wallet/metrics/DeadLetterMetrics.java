package cn.familyaid.wallet.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.reactive.messaging.SubscriberDecorator;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.util.List;

/**
 * {@code familyaid_dlq_messages_total{topic}}: messages a consumer nacked onto its dead-letter topic
 * ({@code failure-strategy=dead-letter-queue}). SmallRye wires each channel's dead-letter producer as the outgoing
 * channel {@code <channel>-dead-letter-queue}, decorated like any other: every message handed to it is counted,
 * tagged with the dead-letter topic. Each configured dead-letter topic starts at 0, so an increase is visible.
 */
@ApplicationScoped
public class DeadLetterMetrics implements SubscriberDecorator {
    static final String NAME = "familyaid.dlq.messages";
    private static final String SUFFIX = "-dead-letter-queue";
    private static final String PREFIX = "mp.messaging.incoming.";
    private static final String TOPIC = ".dead-letter-queue.topic";

    @Inject
    MeterRegistry meters;

    @Inject
    Config config;

    void register(@Observes StartupEvent start) {
        for (String name : config.getPropertyNames()) {
            if (name.startsWith(PREFIX) && name.endsWith(".failure-strategy")
                    && "dead-letter-queue".equals(config.getOptionalValue(name, String.class).orElse(null))) {
                counter(topicOf(name.substring(PREFIX.length(), name.length() - ".failure-strategy".length())));
            }
        }
    }

    @Override
    public Multi<? extends Message<?>> decorate(Multi<? extends Message<?>> toBeSubscribed, List<String> channelName,
                                                boolean isConnector) {
        if (channelName.size() != 1 || !channelName.get(0).endsWith(SUFFIX)) {
            return toBeSubscribed;
        }
        String channel = channelName.get(0).substring(0, channelName.get(0).length() - SUFFIX.length());
        Counter counter = counter(topicOf(channel));
        return toBeSubscribed.invoke(m -> counter.increment());
    }

    private String topicOf(String channel) {
        return config.getOptionalValue(PREFIX + channel + TOPIC, String.class).orElse("dead-letter-topic-" + channel);
    }

    private Counter counter(String topic) {
        return Counter.builder(NAME).tag("topic", topic)
                .description("Messages sent to a dead-letter topic (consumer failures)").register(meters);
    }
}
