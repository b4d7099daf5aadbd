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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** 近亲属 relationships recorded from civil records by the platforms. */
@Path("/api/v1/kinships")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "kinships", description = "近亲属 relationships, recorded from civil records by the platforms")
public class KinshipResource {

    @Inject
    KinshipService kinships;

    @Inject
    Caller caller;

    @PUT
    @RolesAllowed(Caller.PLATFORM)
    @Operation(operationId = "putKinship", summary = "Record or end a kinship",
            description = "By a platform whose scope covers both persons' regions (a cross-province kinship needs the"
                    + " national scope 000000). `relation` is what `relative_psn_no` is to `psn_no`; it is stored both"
                    + " ways with the inverse. `active: false` (divorce) or a changed relation ends the pair's live"
                    + " bindings (R-BIND-8).")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = {
            @ExampleObject(name = "parent", summary = "DEMO0003 is DEMO0002's parent", value = """
                    {"psn_no": "DEMO0002", "relative_psn_no": "DEMO0003", "relation": "PARENT"}"""),
            @ExampleObject(name = "divorce", summary = "A marriage ended", value = """
                    {"psn_no": "DEMO0002", "relative_psn_no": "DEMO0005", "relation": "SPOUSE", "active": false}""")}))
    @APIResponse(responseCode = "201", description = "A new kinship, both directions.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = KinshipView.class)))
    @APIResponse(responseCode = "200", description = "A known kinship, changed or unchanged.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = KinshipView.class)))
    @APIResponse(responseCode = "400", description = "`VALIDATION`: `relative_psn_no` equals `psn_no`, or a field"
            + " outside its rule.")
    @APIResponse(responseCode = "403", description = "`FORBIDDEN_REGION`: either person is insured outside the caller's"
            + " scope.")
    @APIResponse(responseCode = "404", description = "`NOT_FOUND`: either person is not registered.")
    @APIResponse(responseCode = "409", description = "`CONFLICT`: a concurrent change; nothing was written.")
    public Response put(@Valid @NotNull KinshipRequest body) {
        KinshipService.Saved saved = kinships.record(body, caller.actor());
        return Response.status(saved.created() ? 201 : 200).entity(KinshipView.of(saved.forward(), saved.inverse()))
                .build();
    }
}
