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

import java.util.List;

/** Regions that have opened the wallet (R-WAL-1 activation, R-WAL-5 queryable). */
@Path("/api/v1/wallet-regions")
@Produces(MediaType.APPLICATION_JSON)
public class WalletRegionResource {

    @Inject
    WalletService wallets;

    @Inject
    Caller caller;

    public record RegionRequest(@NotNull Boolean open) {
    }

    public record RegionView(String admdvs, boolean open, @JsonProperty("updated_at") String updatedAt) {
        static RegionView of(WalletService.Region r) {
            return new RegionView(r.admdvs(), r.open(), r.updatedAt().toString());
        }
    }

    public record RegionsView(List<RegionView> regions) {
    }

    @PUT
    @Path("/{admdvs}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Caller.PLATFORM)
    public RegionView put(@PathParam("admdvs") String admdvs, @Valid @NotNull RegionRequest body) {
        if (admdvs == null || !admdvs.matches("^[0-9]{6}$")) {
            throw RuleViolation.badField("admdvs", "VALIDATION", "must be 6 digits");
        }
        caller.requireScope(admdvs);
        return RegionView.of(wallets.setRegion(admdvs, body.open(), caller.operator()));
    }

    @GET
    @Authenticated
    public RegionsView list(@QueryParam("all") @DefaultValue("false") boolean all) {
        return new RegionsView(wallets.regions(!all).stream().map(RegionView::of).toList());
    }
}
