package cn.familyaid.wallet.rest;

import cn.familyaid.wallet.domain.Account;
import cn.familyaid.wallet.domain.InsuredPerson;
import cn.familyaid.wallet.mapping.AccountView;
import cn.familyaid.wallet.problem.RuleViolation;
import cn.familyaid.wallet.security.Caller;
import cn.familyaid.wallet.service.AccountService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
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

    @GET
    @RolesAllowed({Caller.PERSON, Caller.AGENCY})
    public AccountView get(@PathParam("psn_no") String psnNo) {
        if (caller.is(Caller.PERSON) && !caller.isPerson(psnNo)) {
            throw RuleViolation.forbidden("FORBIDDEN_PERSON", "a person may read only their own accounts");
        }
        InsuredPerson p = accounts.person(psnNo).orElseThrow(() -> RuleViolation.notFound("person " + psnNo));
        if (!caller.isPerson(psnNo)) {
            caller.requireScope(p.insuplcAdmdvs);
        }
        Account personal = accounts.account(psnNo, Account.Kind.PERSONAL).orElse(null);
        Account wallet = accounts.account(psnNo, Account.Kind.WALLET).orElse(null);
        if (personal == null && wallet == null) {
            throw RuleViolation.notFound("account of " + psnNo);
        }
        return AccountView.of(psnNo, personal, wallet);
    }
}
