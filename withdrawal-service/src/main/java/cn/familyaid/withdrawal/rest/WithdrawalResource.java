package cn.familyaid.withdrawal.rest;

import cn.familyaid.withdrawal.mapping.WithdrawalView;
import cn.familyaid.withdrawal.problem.RuleViolation;
import cn.familyaid.withdrawal.security.Caller;
import cn.familyaid.withdrawal.security.Requester;
import cn.familyaid.withdrawal.service.PayoutService;
import cn.familyaid.withdrawal.service.ReviewService;
import cn.familyaid.withdrawal.service.WithdrawalService;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

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
    Caller caller;

    /** The person, an heir (DEATH) or a guardian (SERIOUS_ILLNESS), or an agency at the counter. */
    @POST
    @RolesAllowed({Caller.PERSON, Caller.AGENCY})
    public Response submit(@NotNull @Valid WithdrawalRequest request) {
        WithdrawalService.Filed filed = withdrawals.submit(request, Requester.of(caller));
        return Response.status(filed.created() ? 201 : 200).entity(filed.view()).build();
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
