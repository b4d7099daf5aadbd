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
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** Withdrawal applications (withdrawal-service README, Exposed Endpoints). */
@Path("/api/v1/withdrawals")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
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
    public WithdrawalView decide(@PathParam("id") String id, @NotNull @Valid DecisionRequest decision) {
        UUID wid = uuid(id);
        Requester by = Requester.of(caller);
        reviews.decide(wid, decision, by);
        try {
            payouts.advance(wid);
        } catch (RuntimeException e) {
            // the decision is committed; the resumer finishes the money
            org.jboss.logging.Logger.getLogger(WithdrawalResource.class)
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
