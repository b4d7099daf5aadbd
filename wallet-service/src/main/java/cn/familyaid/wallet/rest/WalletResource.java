package cn.familyaid.wallet.rest;

import cn.familyaid.wallet.domain.Money;
import cn.familyaid.wallet.problem.RuleViolation;
import cn.familyaid.wallet.security.Caller;
import cn.familyaid.wallet.service.WalletService;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.math.BigDecimal;

/** R-WAL-1: a person activates their wallet for a place of use with a bound mobile number. */
@Path("/api/v1/wallets")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class WalletResource {

    @Inject
    WalletService wallets;

    @Inject
    Caller caller;

    public record ActivationRequest(
            @JsonProperty("psn_no") @NotBlank @Pattern(regexp = "[A-Za-z0-9]{1,30}", message = "must be 1-30 letters or digits") String psnNo,
            @NotBlank @Pattern(regexp = "^[0-9]{6}$", message = "must be 6 digits") String admdvs,
            @NotBlank @Pattern(regexp = "^1[0-9]{10}$", message = "must be an 11-digit mobile number") String phone) {
    }

    public record WalletView(@JsonProperty("psn_no") String psnNo, String kind, String status, String admdvs,
                             String phone, BigDecimal balc) {
    }

    @POST
    @RolesAllowed(Caller.PERSON)
    public Response activate(@Valid @NotNull ActivationRequest body) {
        if (!caller.isPerson(body.psnNo())) {
            throw RuleViolation.forbidden("FORBIDDEN_PERSON", "a person may activate only their own wallet");
        }
        WalletService.Wallet w = wallets.activate(body.psnNo(), body.admdvs(), body.phone());
        // the caller is the wallet's owner: the phone is theirs to see
        return Response.status(w.created() ? 201 : 200).entity(new WalletView(w.psnNo(), "WALLET", w.status(),
                w.admdvs(), w.phone(), Money.toYuan(w.balanceFen()))).build();
    }
}
