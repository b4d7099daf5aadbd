package cn.familyaid.binding.inbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.util.UUID;

/**
 * Remembers applied event ids in the consumer's transaction: {@code claim} is the first write, so a
 * concurrent or later redelivery of the same event waits on, then sees, the committed id and skips.
 */
@ApplicationScoped
public class Inbox {

    @Inject
    EntityManager em;

    /** True when this event was not applied before and the caller should apply it now. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean claim(UUID eventId, String type) {
        int inserted = em.createNativeQuery("INSERT INTO inbox_event (event_id, event_type, processed_at) "
                        + "VALUES (?1, ?2, now()) ON CONFLICT (event_id) DO NOTHING")
                .setParameter(1, eventId).setParameter(2, type).executeUpdate();
        return inserted == 1;
    }
}
