package cn.familyaid.settlement.rest;

import cn.familyaid.settlement.domain.Institution;
import cn.familyaid.settlement.domain.InstitutionKind;
import cn.familyaid.settlement.security.Caller;
import cn.familyaid.settlement.service.RegistryService;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Designated institutions (R-SET-1), registered by the platform of their region. */
@Path("/api/v1/institutions/{fixmedins_code}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class InstitutionResource {

    @Inject
    RegistryService registry;

    @Inject
    Caller caller;

    public record InstitutionRequest(
            @JsonProperty("fixmedins_name") @NotBlank @Size(max = 200) String fixmedinsName,
            @JsonProperty("fixmedins_type") @NotNull InstitutionKind fixmedinsType,
            @NotBlank @Pattern(regexp = "\\d{6}", message = "must be a 6-digit admdvs") String admdvs,
            @JsonProperty("wallet_enabled") @NotNull Boolean walletEnabled,
            /** Optional, default true: false withdraws the designation (the institution can no longer settle). */
            Boolean designated) {
    }

    public record InstitutionView(@JsonProperty("fixmedins_code") String fixmedinsCode,
                                  @JsonProperty("fixmedins_name") String fixmedinsName,
                                  @JsonProperty("fixmedins_type") InstitutionKind fixmedinsType,
                                  String admdvs,
                                  @JsonProperty("wallet_enabled") boolean walletEnabled,
                                  boolean designated) {
        static InstitutionView of(Institution i) {
            return new InstitutionView(i.fixmedinsCode, i.fixmedinsName, i.fixmedinsType, i.admdvs, i.walletEnabled,
                    i.designated);
        }
    }

    @PUT
    @RolesAllowed(Caller.PLATFORM)
    public Response put(@PathParam("fixmedins_code") @Pattern(regexp = "[A-Za-z0-9]{1,32}",
            message = "must be 1..32 letters or digits") String code, @Valid @NotNull InstitutionRequest body) {
        RegistryService.Created<Institution> c = registry.putInstitution(caller, code, body.fixmedinsName(),
                body.fixmedinsType(), body.admdvs(), body.walletEnabled(),
                body.designated() == null || body.designated());
        return Response.status(c.created() ? 201 : 200).entity(InstitutionView.of(c.value())).build();
    }

    @GET
    @RolesAllowed({Caller.PLATFORM, Caller.AGENCY, Caller.INSTITUTION})
    public InstitutionView get(@PathParam("fixmedins_code") String code) {
        return InstitutionView.of(registry.institution(code));
    }
}
