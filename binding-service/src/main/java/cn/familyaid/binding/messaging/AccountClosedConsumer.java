package cn.familyaid.binding.messaging;

import cn.familyaid.binding.inbox.Inbox;
import cn.familyaid.binding.service.PersonService;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes {@code account.closed} from wallet-service: the person's personal account is closed, so every
 * binding they are part of ends at once (R-BIND-10). Applied once per event id (inbox, same transaction).
 * A failure is not swallowed: the message is nacked and goes to {@code binding.account.closed.dlq}.
 */
@ApplicationScoped
public class AccountClosedConsumer {

    @Inject
    ObjectMapper json;

    @Inject
    Inbox inbox;

    @Inject
    PersonService persons;

    @Incoming("account-closed")
    @Blocking
    public void consume(String payload) throws Exception {
        AccountClosedEvent event = json.readValue(payload, AccountClosedEvent.class);
        if (event.eventId() == null || event.data() == null || event.data().psnNo() == null) {
            throw new IllegalArgumentException("account.closed without event_id or data.psn_no");
        }
        apply(event);
    }

    /** Returns false when the event was applied before. */
    public boolean apply(AccountClosedEvent event) {
        return QuarkusTransaction.requiringNew().call(() -> {
            if (!inbox.claim(event.eventId(), "account.closed")) {
                return false;
            }
            if (event.data().kind() == null || "PERSONAL".equals(event.data().kind())) {
                persons.accountClosed(event.data().psnNo(), event.data().closedAt());
            }
            return true;
        });
    }
}
