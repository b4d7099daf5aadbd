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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.math.BigDecimal;

/** R-WAL-1: a person activates their wallet for a place of use with a bound mobile number. */
@Path("/api/v1/wallets")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "accounts")
public class WalletResource {

    @Inject
    WalletService wallets;

    @Inject
    Caller caller;

    @Schema(name = "WalletActivationRequest", description = "Body of `POST /wallets`.")
    public record ActivationRequest(
            @JsonProperty("psn_no") @NotBlank @Pattern(regexp = "[A-Za-z0-9]{1,30}", message = "must be 1-30 letters or digits") String psnNo,
            @NotBlank @Pattern(regexp = "^[0-9]{6}$", message = "must be 6 digits") String admdvs,
            @NotBlank @Pattern(regexp = "^1[0-9]{10}$", message = "must be an 11-digit mobile number") String phone) {
    }

    @Schema(name = "WalletView", description = "The wallet, with its owner's phone and balance (yuan).")
    public record WalletView(@JsonProperty("psn_no") String psnNo, String kind, String status, String admdvs,
                             String phone, BigDecimal balc) {
    }

    @POST
    @RolesAllowed(Caller.PERSON)
    @Operation(operationId = "activateWallet", summary = "Activate the caller's wallet for a place of use",
            description = "By the person, with a bound mobile number, in a region that has opened the wallet"
                    + " (R-WAL-1). Activating the same wallet again is answered 200.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "activate",
            summary = "Activate in Shenzhen Nanshan", value = """
                    {"psn_no": "DEMO0003", "admdvs": "440305", "phone": "13800138000"}""")))
    @APIResponse(responseCode = "201", description = "The wallet, ACTIVE.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = WalletView.class)))
    @APIResponse(responseCode = "200", description = "The wallet was already active there.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = WalletView.class)))
    @APIResponse(responseCode = "400", description = "`VALIDATION`: `psn_no`, `admdvs` (6 digits), `phone` (an 11-digit"
            + " mobile number).")
    @APIResponse(responseCode = "403", description = "`FORBIDDEN_PERSON`: a person activates only their own wallet.")
    @APIResponse(responseCode = "404", description = "`NOT_FOUND`: no such insured person.")
    @APIResponse(responseCode = "409", description = "`R-WAL-1`: the person is deceased, the region has not opened the"
            + " wallet, or the wallet is already active in another region; `CONFLICT`.")
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
