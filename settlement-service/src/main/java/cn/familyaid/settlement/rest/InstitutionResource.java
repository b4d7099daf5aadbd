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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Designated institutions (R-SET-1), registered by the platform of their region. */
@Path("/api/v1/institutions/{fixmedins_code}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "institutions", description = "Designated institutions (R-SET-1), registered by the platform of their region")
public class InstitutionResource {

    @Inject
    RegistryService registry;

    @Inject
    Caller caller;

    @Schema(name = "InstitutionRequest", description = "Body of `PUT /institutions/{fixmedins_code}`.")
    public record InstitutionRequest(
            @JsonProperty("fixmedins_name") @NotBlank @Size(max = 200) String fixmedinsName,
            @JsonProperty("fixmedins_type") @NotNull InstitutionKind fixmedinsType,
            @NotBlank @Pattern(regexp = "\\d{6}", message = "must be a 6-digit admdvs") String admdvs,
            @JsonProperty("wallet_enabled") @NotNull Boolean walletEnabled,
            /** Optional, default true: false withdraws the designation (the institution can no longer settle). */
            Boolean designated) {
    }

    @Schema(name = "InstitutionView")
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
    @Operation(operationId = "putInstitution", summary = "Register or update a designated institution",
            description = "By a platform whose scope covers the institution's region (and, for a known institution,"
                    + " its current one). `designated: false` withdraws the designation: it can no longer settle.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "hospital",
            summary = "A hospital that accepts the wallet", value = """
                    {"fixmedins_name": "南京市鼓楼医院", "fixmedins_type": "HOSPITAL", "admdvs": "320102",
                     "wallet_enabled": true}""")))
    @APIResponse(responseCode = "201", description = "The institution was registered.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = InstitutionView.class)))
    @APIResponse(responseCode = "200", description = "The institution was updated.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = InstitutionView.class)))
    @APIResponse(responseCode = "400", description = "`VALIDATION`: `fixmedins_code` (1..32 letters or digits),"
            + " `fixmedins_type` (HOSPITAL, PHARMACY or CHECKUP), `admdvs` (6 digits), a missing field.")
    @APIResponse(responseCode = "403", description = "`FORBIDDEN_REGION`: `admdvs`, or the institution's current region,"
            + " is outside the caller's scope.")
    public Response put(@PathParam("fixmedins_code") @Pattern(regexp = "[A-Za-z0-9]{1,32}",
            message = "must be 1..32 letters or digits") String code, @Valid @NotNull InstitutionRequest body) {
        RegistryService.Created<Institution> c = registry.putInstitution(caller, code, body.fixmedinsName(),
                body.fixmedinsType(), body.admdvs(), body.walletEnabled(),
                body.designated() == null || body.designated());
        return Response.status(c.created() ? 201 : 200).entity(InstitutionView.of(c.value())).build();
    }

    @GET
    @RolesAllowed({Caller.PLATFORM, Caller.AGENCY, Caller.INSTITUTION})
    @Operation(operationId = "getInstitution", summary = "Read an institution")
    @APIResponse(responseCode = "200", description = "The institution.")
    @APIResponse(responseCode = "404", description = "`NOT_FOUND`: no such institution.")
    public InstitutionView get(@PathParam("fixmedins_code") String code) {
        return InstitutionView.of(registry.institution(code));
    }
}
