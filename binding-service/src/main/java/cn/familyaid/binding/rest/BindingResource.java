package cn.familyaid.binding.rest;

import cn.familyaid.binding.domain.Binding;
import cn.familyaid.binding.mapping.BindingView;
import cn.familyaid.binding.problem.RuleViolation;
import cn.familyaid.binding.security.Caller;
import cn.familyaid.binding.service.BindingService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.UUID;

/** 家庭共济 bindings: who may pay for whom (R-BIND-1..8). */
@Path("/api/v1/bindings")
@Produces(MediaType.APPLICATION_JSON)
public class BindingResource {

    @Inject
    BindingService bindings;

    @Inject
    Caller caller;

    @POST
    @RolesAllowed({Caller.PERSON, Caller.AGENCY})
    public Response create(@Valid @NotNull BindingRequests.Create body) {
        BindingService.Answer a = bindings.create(body, caller.actor());
        return Response.status(a.status()).type(a.contentType()).entity(a.body()).build();
    }

    @POST
    @Path("/{id}/accept")
    @RolesAllowed({Caller.PERSON, Caller.AGENCY})
    public BindingView accept(@PathParam("id") String id) {
        return BindingView.of(bindings.accept(uuid(id), caller.actor()));
    }

    @PATCH
    @Path("/{id}")
    @RolesAllowed(Caller.PERSON)
    public BindingView changeShare(@PathParam("id") String id, @Valid @NotNull BindingRequests.ChangeShare body) {
        return BindingView.of(bindings.changeShare(uuid(id), body, caller.actor()));
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed({Caller.PERSON, Caller.AGENCY})
    public Response unbind(@PathParam("id") String id) {
        bindings.unbind(uuid(id), caller.actor());
        return Response.noContent().build();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Caller.PERSON, Caller.PLATFORM, Caller.AGENCY})
    public BindingView get(@PathParam("id") String id) {
        return BindingView.of(bindings.get(uuid(id), caller.actor()));
    }

    /** Exactly one of {@code funder_psn_no} or {@code beneficiary_psn_no}; optional {@code status}. */
    @GET
    @RolesAllowed({Caller.PERSON, Caller.PLATFORM, Caller.AGENCY})
    public List<BindingView> list(@QueryParam("funder_psn_no") String funder,
                                  @QueryParam("beneficiary_psn_no") String beneficiary,
                                  @QueryParam("status") String status) {
        if ((funder == null) == (beneficiary == null)) {
            throw RuleViolation.badField("funder_psn_no", "VALIDATION",
                    "give exactly one of funder_psn_no or beneficiary_psn_no");
        }
        Binding.Status s = null;
        if (status != null) {
            try {
                s = Binding.Status.valueOf(status);
            } catch (IllegalArgumentException e) {
                throw RuleViolation.badField("status", "VALIDATION", "must be PENDING, ACTIVE or ENDED");
            }
        }
        return bindings.list(funder != null ? funder : beneficiary, funder != null, s, caller.actor())
                .stream().map(BindingView::of).toList();
    }

    static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw RuleViolation.notFound("binding " + id);
        }
    }
}
