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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/accounts/{psn_no}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "accounts", description = "Personal accounts and wallets: balances, monthly credits, statements")
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
    @Operation(operationId = "creditAccount", summary = "每月划入: credit the monthly amount into a personal account",
            description = "By a platform whose `admdvs` scope covers the person's insured region. Idempotent by"
                    + " `request_id`: the same credit again is answered 200 with the first answer.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "monthly",
            summary = "November's credit of 320.50 yuan", value = """
                    {"request_id": "credit-202611-DEMO0002", "amount": 320.50, "period": "2026-11"}""")))
    @APIResponse(responseCode = "201", description = "The credit, with the balance after it.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CreditView.class)))
    @APIResponse(responseCode = "200", description = "The same `request_id` and content again: the first answer.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CreditView.class)))
    @APIResponse(responseCode = "400", description = "`VALIDATION`: `amount` (yuan, > 0, at most 2 decimals), `period`"
            + " (yyyy-MM), `request_id`; `AMOUNT_TOO_LARGE`.")
    @APIResponse(responseCode = "403", description = "`FORBIDDEN_REGION`: the person is insured outside the caller's"
            + " scope.")
    @APIResponse(responseCode = "404", description = "`NOT_FOUND`: no such person, or no personal account.")
    @APIResponse(responseCode = "409", description = "`IDEMPOTENCY_CONFLICT` (the `request_id` was used for another"
            + " credit), `ACCOUNT_CLOSED`.")
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
    @Operation(operationId = "listAccountEntries", summary = "The person's statement, newest first",
            description = "For the person themselves (not a proxy). An entry the person paid for someone else carries"
                    + " `mutual_aid`: for whom (name masked), the relation and the kind of institution, never why"
                    + " (R-BIND-9). `next_before` continues with older entries.")
    @APIResponse(responseCode = "200", description = "A page of entries.")
    @APIResponse(responseCode = "400", description = "`VALIDATION`: `limit` is not 1..200, or `before` is not a whole"
            + " number.")
    @APIResponse(responseCode = "403", description = "`FORBIDDEN_PERSON`: a person reads only their own entries.")
    public EntriesView entries(@PathParam("psn_no") String psnNo, @Parameter(description = "Entries per page, 1..200") @QueryParam("limit") @DefaultValue("50") int limit,
                               @Parameter(description = "The `next_before` of the previous page: only older entries")
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
    @Operation(operationId = "getAccount", summary = "A person's personal account and wallet",
            description = "For the person, the holder of their active 亲情账户 proxy (R-BIND-11), or the agency of their"
                    + " region. The wallet's phone is masked for everyone but the person. `shareable` is what family"
                    + " mutual aid could draw now: available above the funder's retained minimum.")
    @APIResponse(responseCode = "200", description = "The accounts, in yuan.")
    @APIResponse(responseCode = "403", description = "`FORBIDDEN_PERSON` (not the person nor their proxy),"
            + " `FORBIDDEN_REGION` (an agency outside the person's region).")
    @APIResponse(responseCode = "404", description = "`NOT_FOUND`: no such person, or no account.")
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
