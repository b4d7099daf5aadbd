package cn.familyaid.wallet.support;

import cn.familyaid.wallet.messaging.LedgerCommand;
import cn.familyaid.wallet.service.LedgerCommandService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Ledger commands in-process, answered as a requester reads the reply. */
@ApplicationScoped
public class Commands {
    @Inject
    LedgerCommandService service;

    public Answer handle(LedgerCommand command) {
        return Answer.of(service.handle(command));
    }
}
