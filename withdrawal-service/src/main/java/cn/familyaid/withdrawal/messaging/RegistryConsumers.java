package cn.familyaid.withdrawal.messaging;

import cn.familyaid.withdrawal.service.RegistryService;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes the events withdrawal-service keeps local copies from. A failure is not swallowed: the message
 * is nacked and goes to the channel's dead-letter topic ({@code withdrawal.<topic>.dlq}); redeliveries are
 * applied once (inbox).
 */
@ApplicationScoped
public class RegistryConsumers {
    private static final TypeReference<Events.Envelope<Events.PersonChanged>> PERSON = new TypeReference<>() { };
    private static final TypeReference<Events.Envelope<Events.KinshipChanged>> KINSHIP = new TypeReference<>() { };
    private static final TypeReference<Events.Envelope<Events.RegionPolicyChanged>> POLICY = new TypeReference<>() { };
    private static final TypeReference<Events.Envelope<Events.AccountClosed>> CLOSED = new TypeReference<>() { };

    @Inject
    ObjectMapper json;

    @Inject
    RegistryService registry;

    @Incoming("person-changed")
    @Blocking
    public void personChanged(String payload) throws Exception {
        Events.Envelope<Events.PersonChanged> e = readEvent(payload, PERSON);
        registry.onPersonChanged(e.eventId(), e.data());
    }

    @Incoming("kinship-changed")
    @Blocking
    public void kinshipChanged(String payload) throws Exception {
        Events.Envelope<Events.KinshipChanged> e = readEvent(payload, KINSHIP);
        registry.onKinshipChanged(e.eventId(), e.data());
    }

    @Incoming("region-policy-changed")
    @Blocking
    public void regionPolicyChanged(String payload) throws Exception {
        Events.Envelope<Events.RegionPolicyChanged> e = readEvent(payload, POLICY);
        registry.onRegionPolicyChanged(e.eventId(), e.data());
    }

    @Incoming("account-closed")
    @Blocking
    public void accountClosed(String payload) throws Exception {
        Events.Envelope<Events.AccountClosed> e = readEvent(payload, CLOSED);
        registry.onAccountClosed(e.eventId(), e.data());
    }

    private <D> Events.Envelope<D> readEvent(String payload, TypeReference<Events.Envelope<D>> type)
            throws Exception {
        // consumers ignore unknown fields (publishers may add some within a schema version), unlike REST
        Events.Envelope<D> e = json.readerFor(type)
                .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .readValue(payload);
        if (e.eventId() == null || e.data() == null) {
            throw new IllegalArgumentException("event without event_id or data");
        }
        return e;
    }
}
