package cn.familyaid.binding.rest;

import cn.familyaid.binding.domain.Policy;
import cn.familyaid.binding.mapping.PolicyView;
import cn.familyaid.binding.security.Caller;
import cn.familyaid.binding.service.RegionPolicyService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
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

/** Region policy of mutual aid: allowed relations, cross-province, retained minimum, acceptance, categories. */
@Path("/api/v1/regions/{admdvs}/policy")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "region policies", description = "A region's (or province's) policy of mutual aid")
public class RegionPolicyResource {

    @Inject
    RegionPolicyService policies;

    @Inject
    Caller caller;

    @PUT
    @RolesAllowed(Caller.PLATFORM)
    @Operation(operationId = "putRegionPolicy", summary = "Set a region's or a province's policy",
            description = "By a platform whose scope covers `admdvs` (a region, or a province xx0000; never 000000)."
                    + " Omitted fields take the defaults: every near relative allowed, cross-province closed, retained"
                    + " minimum 0, no acceptance step, no extra categories.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "province",
            summary = "A province that requires acceptance and keeps 2000 yuan", value = """
                    {"allowed_relations": ["SPOUSE", "PARENT", "CHILD"], "cross_province_open": true,
                     "retained_min_amt": 2000.00, "acceptance_required": true, "extra_categories": ["CHECKUP"]}""")))
    @APIResponse(responseCode = "201", description = "The region's first policy.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PolicyView.class)))
    @APIResponse(responseCode = "200", description = "The policy, changed or unchanged.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PolicyView.class)))
    @APIResponse(responseCode = "400", description = "`VALIDATION`: `admdvs` (6 digits, not 000000), a relation or"
            + " category code, `retained_min_amt` (yuan, >= 0, at most 2 decimals); `AMOUNT_TOO_LARGE`.")
    @APIResponse(responseCode = "403", description = "`FORBIDDEN_REGION`: `admdvs` is outside the caller's scope.")
    @APIResponse(responseCode = "409", description = "`CONFLICT`: a concurrent change; nothing was written.")
    public Response put(@PathParam("admdvs") @Pattern(regexp = "\\d{6}", message = "must be a 6-digit admdvs")
                        String admdvs, @Valid @NotNull RegionPolicyRequest body) {
        if ("000000".equals(admdvs)) {
            throw cn.familyaid.binding.problem.RuleViolation.badField("admdvs", "VALIDATION",
                    "a policy belongs to a province (xx0000) or a region, not to 000000");
        }
        caller.requireScope(admdvs);
        RegionPolicyService.Saved saved = policies.put(admdvs, body, caller.actor());
        Policy p = saved.row().toPolicy(admdvs.endsWith("0000") ? Policy.Source.PROVINCE : Policy.Source.REGION);
        return Response.status(saved.created() ? 201 : 200).entity(PolicyView.of(admdvs, p)).build();
    }

    /** The policy in force for the region (its row, its province's row, or the defaults); public to any caller. */
    @GET
    @RolesAllowed({Caller.PERSON, Caller.PLATFORM, Caller.AGENCY, Caller.INSTITUTION})
    @Operation(operationId = "getRegionPolicy", summary = "The policy in force for a region",
            description = "For a person insured in `admdvs`: the region's own row, else its province's (`source`"
                    + " PROVINCE, `policy_admdvs` xx0000), else the defaults (`source` DEFAULT).")
    @APIResponse(responseCode = "200", description = "The policy in force.")
    @APIResponse(responseCode = "400", description = "`VALIDATION`: `admdvs` is not 6 digits.")
    public PolicyView get(@PathParam("admdvs") @Pattern(regexp = "\\d{6}", message = "must be a 6-digit admdvs")
                          String admdvs) {
        return PolicyView.of(admdvs, policies.inForce(admdvs));
    }
}
