package cn.familyaid.wallet.messaging;

import cn.familyaid.wallet.service.FamilyService;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes binding-service's {@code binding.changed} (mandates), {@code kinship.changed} (near relatives) and
 * {@code proxy.changed} (亲情账户 proxies: who may read whose accounts, R-BIND-11).
 * Failures are nacked to the dead-letter topics; redeliveries are applied once (inbox, versions).
 */
@ApplicationScoped
public class FamilyEventsConsumer {
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    @Inject
    FamilyService family;

    @Incoming("binding-changed")
    @Blocking
    public void bindingChanged(String payload) throws Exception {
        BindingChangedEvent e = JSON.readValue(payload, BindingChangedEvent.class);
        family.onBindingChanged(e.eventId(), e.data());
    }

    @Incoming("kinship-changed")
    @Blocking
    public void kinshipChanged(String payload) throws Exception {
        KinshipChangedEvent e = JSON.readValue(payload, KinshipChangedEvent.class);
        family.onKinshipChanged(e.eventId(), e.occurredAtTime(), e.data());
    }

    @Incoming("proxy-changed")
    @Blocking
    public void proxyChanged(String payload) throws Exception {
        ProxyChangedEvent e = JSON.readValue(payload, ProxyChangedEvent.class);
        if (e.data() == null) {
            throw new IllegalArgumentException("proxy.changed without data");
        }
        family.onProxyChanged(e.eventId(), e.data());
    }
}
