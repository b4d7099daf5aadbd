package cn.familyaid.binding.rest;

import cn.familyaid.binding.mapping.KinshipView;
import cn.familyaid.binding.security.Caller;
import cn.familyaid.binding.service.KinshipService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** 近亲属 relationships recorded from civil records by the platforms. */
@Path("/api/v1/kinships")
@Produces(MediaType.APPLICATION_JSON)
public class KinshipResource {

    @Inject
    KinshipService kinships;

    @Inject
    Caller caller;

    @PUT
    @RolesAllowed(Caller.PLATFORM)
    public Response put(@Valid @NotNull KinshipRequest body) {
        KinshipService.Saved saved = kinships.record(body, caller.actor());
        return Response.status(saved.created() ? 201 : 200).entity(KinshipView.of(saved.forward(), saved.inverse()))
                .build();
    }
}
