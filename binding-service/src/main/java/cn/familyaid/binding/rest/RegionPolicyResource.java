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

/** Region policy of mutual aid: allowed relations, cross-province, retained minimum, acceptance, categories. */
@Path("/api/v1/regions/{admdvs}/policy")
@Produces(MediaType.APPLICATION_JSON)
public class RegionPolicyResource {

    @Inject
    RegionPolicyService policies;

    @Inject
    Caller caller;

    @PUT
    @RolesAllowed(Caller.PLATFORM)
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
    public PolicyView get(@PathParam("admdvs") @Pattern(regexp = "\\d{6}", message = "must be a 6-digit admdvs")
                          String admdvs) {
        return PolicyView.of(admdvs, policies.inForce(admdvs));
    }
}
