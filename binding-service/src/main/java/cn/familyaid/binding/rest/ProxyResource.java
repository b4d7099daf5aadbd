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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.UUID;

/** 亲情账户 proxy authorizations (R-BIND-11). */
@Path("/api/v1/proxies")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "proxies", description = "亲情账户 proxies: who may act for a person (R-BIND-11); they never fund")
public class ProxyResource {

    @Inject
    ProxyService proxies;

    @Inject
    Caller caller;

    @POST
    @RolesAllowed(Caller.PERSON)
    @Operation(operationId = "authorizeProxy", summary = "Let someone act for the caller",
            description = "By the person (`psn_no`), who lets `agent_psn_no` read and use their accounts for them."
                    + " A grant already active is answered 200 with it.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "child",
            summary = "A parent lets their child act for them", value = """
                    {"psn_no": "DEMO0003", "agent_psn_no": "DEMO0002"}""")))
    @APIResponse(responseCode = "201", description = "The proxy, ACTIVE.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ProxyView.class)))
    @APIResponse(responseCode = "200", description = "The proxy was already active.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ProxyView.class)))
    @APIResponse(responseCode = "400", description = "`VALIDATION`: `agent_psn_no` equals `psn_no`, or a field outside"
            + " its rule.")
    @APIResponse(responseCode = "403", description = "`FORBIDDEN_PERSON`: only the person authorizes someone to act for"
            + " them.")
    @APIResponse(responseCode = "404", description = "`NOT_FOUND`: the person or the agent is not registered.")
    @APIResponse(responseCode = "409", description = "`CONFLICT`: a concurrent change; nothing was written.")
    public Response authorize(@Valid @NotNull ProxyRequest body) {
        ProxyService.Saved saved = proxies.authorize(body, caller.actor());
        return Response.status(saved.created() ? 201 : 200).entity(ProxyView.of(saved.proxy())).build();
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(Caller.PERSON)
    @Operation(operationId = "revokeProxy", summary = "Revoke a proxy",
            description = "By the person or the agent; revoking a revoked proxy is 204 too.")
    @APIResponse(responseCode = "204", description = "The proxy is revoked.")
    @APIResponse(responseCode = "403", description = "`FORBIDDEN_PERSON`: only the person or the agent revokes.")
    @APIResponse(responseCode = "404", description = "`NOT_FOUND`: no such proxy.")
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
    @Operation(operationId = "listProxies", summary = "A person's active proxies, given or held",
            description = "For that person.")
    @APIResponse(responseCode = "200", description = "The active proxies the person gave or holds, oldest first.")
    @APIResponse(responseCode = "403", description = "`FORBIDDEN_PERSON`: a person sees only their own proxies.")
    public List<ProxyView> list(@QueryParam("psn_no") String psnNo) {
        return proxies.of(psnNo, caller.actor()).stream().map(ProxyView::of).toList();
    }
}
