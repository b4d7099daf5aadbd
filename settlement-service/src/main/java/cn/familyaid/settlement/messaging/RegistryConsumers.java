package cn.familyaid.settlement.messaging;

import cn.familyaid.settlement.service.RegistryCopyService;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes {@code person.changed} and {@code region.policy.changed} into local copies. A failure is
 * not swallowed: the message is nacked and goes to the dead-letter topic; redeliveries apply once (inbox).
 */
@ApplicationScoped
public class RegistryConsumers {

    @Inject
    ObjectMapper json;

    @Inject
    RegistryCopyService copies;

    @Incoming("person-changed")
    @Blocking
    public void personChanged(String payload) throws Exception {
        PersonChangedEvent event = json.readValue(payload, PersonChangedEvent.class);
        if (event.eventId() == null || event.data() == null || event.data().psnNo() == null) {
            throw new IllegalArgumentException("person.changed without event_id or data.psn_no");
        }
        copies.onPersonChanged(event.eventId(), event.data());
    }

    @Incoming("region-policy-changed")
    @Blocking
    public void regionPolicyChanged(String payload) throws Exception {
        RegionPolicyChangedEvent event = json.readValue(payload, RegionPolicyChangedEvent.class);
        if (event.eventId() == null || event.data() == null || event.data().admdvs() == null) {
            throw new IllegalArgumentException("region.policy.changed without event_id or data.admdvs");
        }
        copies.onRegionPolicyChanged(event.eventId(), event.data());
    }
}
