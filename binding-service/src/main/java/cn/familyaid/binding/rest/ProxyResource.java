package cn.familyaid.binding.rest;

import cn.familyaid.binding.mapping.ProxyView;
import cn.familyaid.binding.problem.RuleViolation;
import cn.familyaid.binding.security.Caller;
import cn.familyaid.binding.service.ProxyService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.UUID;

/** 亲情账户 proxy authorizations (R-BIND-11). */
@Path("/api/v1/proxies")
@Produces(MediaType.APPLICATION_JSON)
public class ProxyResource {

    @Inject
    ProxyService proxies;

    @Inject
    Caller caller;

    @POST
    @RolesAllowed(Caller.PERSON)
    public Response authorize(@Valid @NotNull ProxyRequest body) {
        ProxyService.Saved saved = proxies.authorize(body, caller.actor());
        return Response.status(saved.created() ? 201 : 200).entity(ProxyView.of(saved.proxy())).build();
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(Caller.PERSON)
    public Response revoke(@PathParam("id") String id) {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw RuleViolation.notFound("proxy " + id);
        }
        proxies.revoke(uuid, caller.actor());
        return Response.noContent().build();
    }

    @GET
    @RolesAllowed(Caller.PERSON)
    public List<ProxyView> list(@QueryParam("psn_no") String psnNo) {
        return proxies.of(psnNo, caller.actor()).stream().map(ProxyView::of).toList();
    }
}
