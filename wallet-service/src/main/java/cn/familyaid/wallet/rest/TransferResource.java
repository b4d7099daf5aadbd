package cn.familyaid.wallet.rest;

import cn.familyaid.wallet.domain.Masking;
import cn.familyaid.wallet.domain.Money;
import cn.familyaid.wallet.problem.RuleViolation;
import cn.familyaid.wallet.security.Caller;
import cn.familyaid.wallet.security.StepUp;
import cn.familyaid.wallet.service.TransferService;
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
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.math.BigDecimal;
import java.time.Instant;

/** Cross-province wallet transfers between near relatives (R-WAL-2, R-WAL-3, R-WAL-6). */
@Path("/api/v1/transfers")
@Produces(MediaType.APPLICATION_JSON)
public class TransferResource {

    @Inject
    TransferService transfers;

    @Inject
    Caller caller;

    public record TransferRequest(
            @JsonProperty("transfer_id") @NotBlank @Size(max = 40) String transferId,
            @JsonProperty("from_psn_no") @NotBlank String fromPsnNo,
            @NotNull @Pattern(regexp = "PERSONAL|WALLET", message = "must be PERSONAL or WALLET") String source,
            @JsonProperty("to_psn_no") @NotBlank String toPsnNo,
            @JsonProperty("to_psn_name") @NotBlank String toPsnName,
            @NotNull BigDecimal amount) {
    }

    public record TransferView(@JsonProperty("transfer_id") String transferId, String status,
                               @JsonProperty("from_psn_no") String fromPsnNo,
                               @JsonProperty("to_psn_no") String toPsnNo,
                               @JsonProperty("to_psn_name") String toPsnName,
                               String source, BigDecimal amount,
                               @JsonProperty("created_at") String createdAt) {
        static TransferView of(TransferService.Transfer t) {
            return new TransferView(t.transferId(), t.status(), t.fromPsnNo(), t.toPsnNo(), Masking.name(t.toPsnName()),
                    t.source(), Money.toYuan(t.amountFen()), t.createdAt().toString());
        }
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Caller.PERSON)
    public Response transfer(@Valid @NotNull TransferRequest body) {
        if (!caller.isPerson(body.fromPsnNo())) {
            throw RuleViolation.forbidden("FORBIDDEN_PERSON", "a person may transfer only their own money");
        }
        StepUp.require(caller.acr(), caller.authTime(), Instant.now());
        long fen = Money.toFen(body.amount(), "amount");
        TransferService.Transfer t = transfers.transfer(body.transferId(), body.fromPsnNo(), body.source(),
                body.toPsnNo(), body.toPsnName(), fen);
        return Response.status(t.replay() ? 200 : 201).entity(TransferView.of(t)).build();
    }

    @GET
    @Path("/{transfer_id}")
    @RolesAllowed(Caller.PERSON)
    public TransferView get(@PathParam("transfer_id") String transferId) {
        TransferService.Transfer t = transfers.find(transferId)
                .orElseThrow(() -> RuleViolation.notFound("transfer " + transferId));
        if (!caller.isPerson(t.fromPsnNo()) && !caller.isPerson(t.toPsnNo())) {
            throw RuleViolation.forbidden("FORBIDDEN_PERSON", "only the sender and the receiver may see a transfer");
        }
        return TransferView.of(t);
    }
}
