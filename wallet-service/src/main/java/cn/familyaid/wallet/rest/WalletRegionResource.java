package cn.familyaid.wallet.rest;

import cn.familyaid.wallet.problem.RuleViolation;
import cn.familyaid.wallet.security.Caller;
import cn.familyaid.wallet.service.WalletService;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.security.Authenticated;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/** Regions that have opened the wallet (R-WAL-1 activation, R-WAL-5 queryable). */
@Path("/api/v1/wallet-regions")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "wallet regions", description = "Regions that have opened the medical-insurance wallet (R-WAL-1, R-WAL-5)")
public class WalletRegionResource {

    @Inject
    WalletService wallets;

    @Inject
    Caller caller;

    @Schema(name = "WalletRegionRequest", description = "Body of `PUT /wallet-regions/{admdvs}`.")
    public record RegionRequest(@NotNull Boolean open) {
    }

    @Schema(name = "WalletRegion")
    public record RegionView(String admdvs, boolean open, @JsonProperty("updated_at") String updatedAt) {
        static RegionView of(WalletService.Region r) {
            return new RegionView(r.admdvs(), r.open(), r.updatedAt().toString());
        }
    }

    @Schema(name = "WalletRegions")
    public record RegionsView(List<RegionView> regions) {
    }

    @PUT
    @Path("/{admdvs}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Caller.PLATFORM)
    @Operation(operationId = "putWalletRegion", summary = "Open or close the wallet in a region",
            description = "By a platform whose scope covers `admdvs`.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "open",
            summary = "Open the wallet", value = """
                    {"open": true}""")))
    @APIResponse(responseCode = "200", description = "The region.")
    @APIResponse(responseCode = "400", description = "`VALIDATION`: `admdvs` is not 6 digits, `open` missing.")
    @APIResponse(responseCode = "403", description = "`FORBIDDEN_REGION`: `admdvs` is outside the caller's scope.")
    public RegionView put(@PathParam("admdvs") String admdvs, @Valid @NotNull RegionRequest body) {
        if (admdvs == null || !admdvs.matches("^[0-9]{6}$")) {
            throw RuleViolation.badField("admdvs", "VALIDATION", "must be 6 digits");
        }
        caller.requireScope(admdvs);
        return RegionView.of(wallets.setRegion(admdvs, body.open(), caller.operator()));
    }

    @GET
    @Authenticated
    @Operation(operationId = "listWalletRegions", summary = "The regions that opened the wallet",
            description = "For any authenticated caller (R-WAL-5). Which institutions accept the wallet is"
                    + " settlement-service's (`wallet_enabled` of its institutions).")
    @APIResponse(responseCode = "200", description = "The open regions (with `all=true`, the closed ones too).")
    public RegionsView list(@Parameter(description = "Also the regions that closed the wallet") @QueryParam("all") @DefaultValue("false") boolean all) {
        return new RegionsView(wallets.regions(!all).stream().map(RegionView::of).toList());
    }
}
