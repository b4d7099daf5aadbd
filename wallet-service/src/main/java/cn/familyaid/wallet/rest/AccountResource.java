package cn.familyaid.wallet.rest;

import cn.familyaid.wallet.domain.Account;
import cn.familyaid.wallet.domain.InsuredPerson;
import cn.familyaid.wallet.mapping.AccountView;
import cn.familyaid.wallet.problem.RuleViolation;
import cn.familyaid.wallet.security.Caller;
import cn.familyaid.wallet.service.AccountService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import cn.familyaid.wallet.domain.Masking;
import cn.familyaid.wallet.domain.Money;
import cn.familyaid.wallet.mapping.CreditView;
import cn.familyaid.wallet.mapping.EntriesView;
import cn.familyaid.wallet.mapping.EntryView;
import cn.familyaid.wallet.service.CreditService;
import cn.familyaid.wallet.service.EntryService;
import cn.familyaid.wallet.service.FamilyService;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.util.List;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

@Path("/api/v1/accounts/{psn_no}")
@Produces(MediaType.APPLICATION_JSON)
public class AccountResource {

    @Inject
    AccountService accounts;

    @Inject
    Caller caller;

    @Inject
    EntryService entries;

    @Inject
    CreditService credits;

    @Inject
    FamilyService family;

    /** 每月划入: the platform's monthly credit into the personal account (idempotent by request_id). */
    @POST
    @Path("/credits")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Caller.PLATFORM)
    public Response credit(@PathParam("psn_no") String psnNo, @Valid @NotNull CreditRequest body) {
        InsuredPerson p = accounts.person(psnNo).orElseThrow(() -> RuleViolation.notFound("person " + psnNo));
        caller.requireScope(p.insuplcAdmdvs);
        long fen = Money.toFen(body.amount(), "amount");
        if (fen == 0) {
            throw RuleViolation.badField("amount", "VALIDATION", "must be greater than 0");
        }
        CreditService.Credit c = credits.credit(body.requestId(), psnNo, fen, body.period());
        return Response.status(c.replay() ? 200 : 201).entity(CreditView.of(c)).build();
    }

    /** The person's statement, newest first; mutual-aid entries say for whom and where, never why (R-BIND-9). */
    @GET
    @Path("/entries")
    @RolesAllowed(Caller.PERSON)
    public EntriesView entries(@PathParam("psn_no") String psnNo, @QueryParam("limit") @DefaultValue("50") int limit,
                               @QueryParam("before") Long before) {
        if (!caller.isPerson(psnNo)) {
            throw RuleViolation.forbidden("FORBIDDEN_PERSON", "a person may read only their own entries");
        }
        if (limit < 1 || limit > 200) {
            throw RuleViolation.badField("limit", "VALIDATION", "must be between 1 and 200");
        }
        List<EntryView> list = entries.entries(psnNo, before, limit).stream().map(e -> EntryView.of(psnNo, e)).toList();
        Long next = list.size() == limit ? list.get(list.size() - 1).entryId() : null;
        return new EntriesView(psnNo, list, next);
    }

    /**
     * The person, the holder of their active 亲情账户 proxy (R-BIND-11: may query for them; sees the phone masked,
     * being not the person), or the agency of their region.
     */
    @GET
    @RolesAllowed({Caller.PERSON, Caller.AGENCY})
    public AccountView get(@PathParam("psn_no") String psnNo) {
        boolean person = caller.is(Caller.PERSON);
        if (person && !caller.isPerson(psnNo) && !family.actsFor(caller.psnNo(), psnNo)) {
            throw RuleViolation.forbidden("FORBIDDEN_PERSON",
                    "a person may read only their own accounts or those they hold a proxy for");
        }
        InsuredPerson p = accounts.person(psnNo).orElseThrow(() -> RuleViolation.notFound("person " + psnNo));
        if (!person) {
            caller.requireScope(p.insuplcAdmdvs);
        }
        Account personal = accounts.account(psnNo, Account.Kind.PERSONAL).orElse(null);
        Account wallet = accounts.account(psnNo, Account.Kind.WALLET).orElse(null);
        if (personal == null && wallet == null) {
            throw RuleViolation.notFound("account of " + psnNo);
        }
        String phone = wallet == null ? null : entries.walletPhone(psnNo).orElse(null);
        return AccountView.of(psnNo, personal, wallet, entries.retainedMinAsFunder(psnNo),
                caller.isPerson(psnNo) ? phone : Masking.phone(phone));
    }
}
