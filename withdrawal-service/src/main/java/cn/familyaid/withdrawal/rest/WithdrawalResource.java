package cn.familyaid.withdrawal.rest;

import cn.familyaid.withdrawal.domain.Withdrawal;
import cn.familyaid.withdrawal.mapping.WithdrawalView;
import cn.familyaid.withdrawal.problem.Problem;
import cn.familyaid.withdrawal.problem.RuleViolation;
import cn.familyaid.withdrawal.security.Caller;
import cn.familyaid.withdrawal.security.Requester;
import cn.familyaid.withdrawal.service.PayoutService;
import cn.familyaid.withdrawal.service.ReviewService;
import cn.familyaid.withdrawal.service.ListService;
import cn.familyaid.withdrawal.service.WithdrawalService;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** Withdrawal applications (withdrawal-service README, Exposed Endpoints). */
@Path("/api/v1/withdrawals")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "withdrawals", description = "Withdrawal of personal-account money: applications, review, payout (R-WD-1..10)")
public class WithdrawalResource {

    @Inject
    WithdrawalService withdrawals;

    @Inject
    ReviewService reviews;

    @Inject
    PayoutService payouts;

    @Inject
    ListService lists;

    @Inject
    Caller caller;

    /** A page of the review queue; {@code next_cursor} continues it (null: the last page). */
    public record WithdrawalsPage(List<WithdrawalView> withdrawals,
                                  @JsonProperty("next_cursor") String nextCursor) {
    }

    /** The person, an heir (DEATH) or a guardian (SERIOUS_ILLNESS), or an agency at the counter. */
    @POST
    @RolesAllowed({Caller.PERSON, Caller.AGENCY})
    @Operation(operationId = "submitWithdrawal", summary = "Apply for a withdrawal",
            description = "By the person, an heir (DEATH), a guardian (SERIOUS_ILLNESS), or an agency at the counter"
                    + " (the person's region). The evidence each reason needs is checked (R-WD-1..6); SERIOUS_ILLNESS"
                    + " asks for an `amount` up to the itemised bills, the other reasons withdraw the whole balance."
                    + " Idempotent by `request_id` (same content, same caller).")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = {
            @ExampleObject(name = "seriousIllness", summary = "SERIOUS_ILLNESS by the person, 800 yuan", value = """
                    {"request_id": "wd-2026-0001", "psn_no": "P001", "reason": "SERIOUS_ILLNESS",
                     "applicant": {"psn_name": "张三", "certno": "320102198001011234", "relation": "SELF"},
                     "evidence": [{"type": "DIAGNOSIS_PROOF", "ref": "doc-1"},
                                  {"type": "ITEMISED_BILL", "ref": "doc-2", "amount": 1000.00}],
                     "bank_account": {"bank": "中国银行", "account_no": "6217000010001234567", "holder_name": "张三"},
                     "amount": 800.00}"""),
            @ExampleObject(name = "death", summary = "DEATH by an heir, the whole balance", value = """
                    {"request_id": "wd-2026-0002", "psn_no": "P002", "reason": "DEATH",
                     "applicant": {"psn_name": "李四", "certno": "320102198505052345", "relation": "CHILD"},
                     "evidence": [{"type": "DEATH_CERTIFICATE", "ref": "doc-3"},
                                  {"type": "RELATIONSHIP_PROOF", "ref": "doc-4"}],
                     "bank_account": {"bank": "中国工商银行", "account_no": "6222020000000000001", "holder_name": "李四"}}""")}))
    @APIResponse(responseCode = "201", description = "The application, SUBMITTED.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = WithdrawalView.class)))
    @APIResponse(responseCode = "200", description = "The same `request_id` and content again: the application.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = WithdrawalView.class)))
    @APIResponse(responseCode = "400", description = "`VALIDATION` (a field outside its rule, an unknown evidence type,"
            + " an amount on evidence other than an ITEMISED_BILL, the applicant's name or certificate); the reason's"
            + " rule (`R-WD-1`..`R-WD-6`) for missing evidence (one error per missing item: `field` `evidence`,"
            + " `message` `missing DEATH_CERTIFICATE`) or an `applicant.relation` the reason does not allow; `R-WD-4`"
            + " (`amount` missing, not > 0 or above the bills; a bill without its ref); `R-WD-7` (the bank account"
            + " holder is not the applicant).")
    @APIResponse(responseCode = "403", description = "`FORBIDDEN_PERSON` (a person token without `psn_no`, or not a"
            + " recorded insured person), `FORBIDDEN_REGION` (an agency outside the person's region), the reason's rule"
            + " (who may apply: an heir for DEATH, a guardian for SERIOUS_ILLNESS, the person otherwise), `R-WD-9`"
            + " (the applicant is on the dishonesty list).")
    @APIResponse(responseCode = "404", description = "`NOT_FOUND`: no such person.")
    @APIResponse(responseCode = "409", description = "`IDEMPOTENCY_CONFLICT` (the `request_id` was used for another"
            + " application), `WITHDRAWAL_OPEN` (the person already has an open application), `NO_PERSONAL_ACCOUNT`,"
            + " `ACCOUNT_CLOSED`, the reason's rule on the person's facts (`R-WD-1` not recorded as deceased, `R-WD-2`"
            + " insurance not stopped, `R-WD-3`), `R-WD-4` (an itemised bill already backs another application).")
    public Response submit(@NotNull @Valid WithdrawalRequest request) {
        WithdrawalService.Filed filed = withdrawals.submit(request, Requester.of(caller));
        return Response.status(filed.created() ? 201 : 200).entity(filed.view()).build();
    }

    /**
     * The review queue (R-WD-7): the applications of the persons in the agency's scope (or in the narrower
     * {@code admdvs} asked for), oldest first, optionally of one status; masked as a single read masks them.
     */
    @GET
    @RolesAllowed(Caller.AGENCY)
    @Operation(operationId = "listWithdrawals", summary = "The review queue of the agency's region (R-WD-7)",
            description = "The applications of the persons whose insured place (now) the agency's `admdvs` scope"
                    + " covers, or the narrower `admdvs` asked for; oldest first (`submitted_at`, then id),"
                    + " optionally of one `status`. Each is shown as `GET /withdrawals/{id}` shows it to that agency"
                    + " (the applicant's certificate and the bank account masked). `limit` 1..200 (default 50);"
                    + " `cursor` is the previous page's `next_cursor`, null on the last page.")
    @APIResponse(responseCode = "200", description = "A page of applications and the next page's cursor.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = WithdrawalsPage.class)))
    @APIResponse(responseCode = "400", description = "`VALIDATION`: `status` not one of the statuses, `admdvs` not six"
            + " digits, `cursor` not one this list returned, `limit` not a whole number from 1 to 200.",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "`UNAUTHENTICATED`: no valid bearer token.",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "`FORBIDDEN_ROLE` (not an agency), `FORBIDDEN_REGION` (`admdvs`"
            + " outside the agency's scope, or a token without `admdvs`).",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public WithdrawalsPage list(
            @Parameter(description = "Only applications in this status",
                    schema = @Schema(enumeration = {"SUBMITTED", "APPROVED", "PAID", "REJECTED", "CANCELLED"}))
            @QueryParam("status") String status,
            @Parameter(description = "A region or province (xx0000) inside the agency's scope", example = "320102")
            @QueryParam("admdvs") String admdvs,
            @Parameter(description = "The previous page's next_cursor") @QueryParam("cursor") String cursor,
            @Parameter(description = "Rows per page, 1..200", schema = @Schema(defaultValue = "50"))
            @QueryParam("limit") String limit) {
        Withdrawal.Status s = null;
        if (status != null) {
            try {
                s = Withdrawal.Status.valueOf(status);
            } catch (IllegalArgumentException e) {
                throw RuleViolation.badField("status", "VALIDATION",
                        "must be one of " + String.join(", ", Arrays.stream(Withdrawal.Status.values())
                                .map(Enum::name).toList()));
            }
        }
        int n = Paging.limit(limit);
        Paging.Cursor after = Paging.cursor(ListService.WITHDRAWALS, cursor);
        ListService.Page<WithdrawalView> page = lists.withdrawals(Requester.of(caller), Paging.admdvs(admdvs), s,
                after, n);
        return new WithdrawalsPage(page.items(), page.nextCursor());
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Caller.PERSON, Caller.AGENCY})
    @Operation(operationId = "getWithdrawal", summary = "Read an application",
            description = "For the applicant, the person, or an agency covering the person's region. The applicant's"
                    + " certificate and the bank account number are masked for anyone but the applicant.")
    @APIResponse(responseCode = "200", description = "The application.")
    @APIResponse(responseCode = "403", description = "`FORBIDDEN_PERSON` (neither the applicant nor the person),"
            + " `FORBIDDEN_REGION` (an agency outside the person's region).")
    @APIResponse(responseCode = "404", description = "`NOT_FOUND`: no such application.")
    public WithdrawalView get(@PathParam("id") String id) {
        return withdrawals.view(uuid(id), Requester.of(caller));
    }

    /**
     * The agency's decision. APPROVE holds the money in the ledger, then pays it out; when the ledger is slow
     * the answer is APPROVED and the payout is finished by the resumer (GET shows PAID later).
     */
    @POST
    @Path("/{id}/decision")
    @RolesAllowed(Caller.AGENCY)
    @Operation(operationId = "decideWithdrawal", summary = "The agency's decision on an application",
            description = "By an agency covering the person's region. APPROVE has the ledger hold the money (from then"
                    + " it is not spendable, transferable or shareable, R-WD-10), then pays it out, closing the account"
                    + " for every reason but SERIOUS_ILLNESS (R-WD-8); when the payout's answer is late the answer is"
                    + " APPROVED and GET shows PAID later. APPROVE again is answered 200, nothing sent twice. REJECT"
                    + " needs a `note`; FORGED rejects and lists the applicant (R-WD-9) with the fine basis.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = {
            @ExampleObject(name = "approve", summary = "Approve", value = """
                    {"decision": "APPROVE"}"""),
            @ExampleObject(name = "reject", summary = "Reject, with the reason", value = """
                    {"decision": "REJECT", "note": "the itemised bill is not legible; apply again with a clear copy"}"""),
            @ExampleObject(name = "forged", summary = "Forged evidence: the fine basis and the fine", value = """
                    {"decision": "FORGED", "note": "diagnosis proof forged", "amount": 800.00, "fine_amt": 4000.00}""")}))
    @APIResponse(responseCode = "200", description = "The application: APPROVED, PAID or REJECTED.")
    @APIResponse(responseCode = "400", description = "`VALIDATION` (`decision`, a REJECT without `note`); `R-WD-9` (the"
            + " fine basis `amount` missing or not the amount asked, `fine_amt` above 5 × the basis).")
    @APIResponse(responseCode = "403", description = "`R-WD-7`: only an agency of the person's region reviews.")
    @APIResponse(responseCode = "404", description = "`NOT_FOUND`: no such application.")
    @APIResponse(responseCode = "409", description = "`WITHDRAWAL_DECIDED` (decided already), `ACCOUNT_CLOSED`, `R-WD-1`"
            + " (the person has died: only an heir's DEATH withdrawal), `R-WD-9` or the reason's rule (the applicant"
            + " was listed, or their kinship ended, since filing), the ledger's refusal of the hold by its code"
            + " (`R-WD-4` for an amount above the balance).")
    @APIResponse(responseCode = "503", description = "`LEDGER_UNAVAILABLE`: the ledger did not hold the money in time,"
            + " or rolled it back; still SUBMITTED: approve again (the same hold is returned).")
    public WithdrawalView decide(@PathParam("id") String id, @NotNull @Valid DecisionRequest decision) {
        UUID wid = uuid(id);
        Requester by = Requester.of(caller);
        reviews.decide(wid, decision, by);
        try {
            payouts.advance(wid);
        } catch (RuntimeException e) {
            // the decision is committed; the resumer finishes the money
            Logger.getLogger(WithdrawalResource.class)
                    .warnf("payout of %s deferred to the resumer: %s", wid, e.getMessage());
        }
        return withdrawals.view(wid, by);
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw RuleViolation.notFound("withdrawal " + id);
        }
    }
}
