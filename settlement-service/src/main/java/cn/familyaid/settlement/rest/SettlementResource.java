package cn.familyaid.settlement.rest;

import cn.familyaid.settlement.mapping.PreSettlementView;
import cn.familyaid.settlement.mapping.SettlementView;
import cn.familyaid.settlement.security.Caller;
import cn.familyaid.settlement.service.SettlementService;
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

/** Pre-settlement, settlement, reversal and reading of settlements (settlement-service README, Exposed Endpoints). */
@Path("/api/v1/settlements")
@Produces(MediaType.APPLICATION_JSON)
public class SettlementResource {

    @Inject
    SettlementService settlements;

    @Inject
    cn.familyaid.settlement.service.ReversalService reversals;

    @Inject
    cn.familyaid.settlement.service.PreSettlementService preSettlements;

    @Inject
    Caller caller;

    @POST
    @Path("/pre")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Caller.INSTITUTION)
    public Response pre(@Valid @NotNull PreSettlementRequest body) {
        PreSettlementView v = preSettlements.preSettle(caller, body.bill());
        return Response.status(201).entity(v).build();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Caller.INSTITUTION)
    public Response settle(@Valid @NotNull SettlementRequest body) {
        SettlementService.Outcome o = settlements.settle(caller, body.bill(), body.medinsSetlId(), body.preSetlId());
        return Response.status(o.created() ? 201 : 200).entity(o.view()).build();
    }

    @POST
    @Path("/{setl_id}/reversal")
    @RolesAllowed(Caller.INSTITUTION)
    public SettlementView reverse(@PathParam("setl_id") String setlId) {
        return reversals.reverse(caller, setlId);
    }

    @GET
    @Path("/{setl_id}")
    @RolesAllowed({Caller.INSTITUTION, Caller.PERSON})
    public SettlementView get(@PathParam("setl_id") String setlId) {
        return settlements.get(caller, setlId);
    }
}
