package cn.familyaid.wallet.messaging;

import cn.familyaid.wallet.service.AccountService;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes {@code person.changed}. A failure is not swallowed: the message is nacked and goes to the
 * dead-letter topic ({@code failure-strategy}); redeliveries are applied once (inbox).
 */
@ApplicationScoped
public class PersonChangedConsumer {

    @Inject
    ObjectMapper json;

    @Inject
    AccountService accounts;

    @Incoming("person-changed")
    @Blocking
    public void consume(String payload) throws Exception {
        PersonChangedEvent event = json.readValue(payload, PersonChangedEvent.class);
        accounts.onPersonChanged(event.eventId(), event.data());
    }
}
