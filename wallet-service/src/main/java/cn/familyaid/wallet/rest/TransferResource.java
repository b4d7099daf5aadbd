package cn.familyaid.wallet.rest;

import cn.familyaid.wallet.domain.Masking;
import cn.familyaid.wallet.domain.Money;
import cn.familyaid.wallet.problem.RuleViolation;
import cn.familyaid.wallet.security.Caller;
import cn.familyaid.wallet.security.StepUpValidator;
import cn.familyaid.wallet.service.TransferService;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.oidc.Tenant;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.math.BigDecimal;

/** Cross-province wallet transfers between near relatives (R-WAL-2, R-WAL-3, R-WAL-6). */
@Path("/api/v1/transfers")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "transfers", description = "Wallet transfers between near relatives (R-WAL-2, R-WAL-3, R-WAL-6)")
public class TransferResource {

    @Inject
    TransferService transfers;

    @Inject
    Caller caller;

    @Schema(name = "TransferRequest", description = "Body of `POST /transfers`.")
    public record TransferRequest(
            @JsonProperty("transfer_id") @NotBlank @Size(max = 40) String transferId,
            @JsonProperty("from_psn_no") @NotBlank String fromPsnNo,
            @NotNull @Pattern(regexp = "PERSONAL|WALLET", message = "must be PERSONAL or WALLET") String source,
            @JsonProperty("to_psn_no") @NotBlank String toPsnNo,
            @JsonProperty("to_psn_name") @NotBlank String toPsnName,
            @NotNull BigDecimal amount) {
    }

    @Schema(name = "TransferView", description = "A transfer; the payee's name masked.")
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

    /**
     * R-WAL-3: the token is verified by the OIDC tenant {@value StepUpValidator#TENANT}, whose validator refuses
     * one without face or 医保码 password verification in the last 5 minutes (401
     * {@code insufficient_user_authentication}, before anything else is looked at).
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Caller.PERSON)
    @Tenant(StepUpValidator.TENANT)
    @Operation(operationId = "createTransfer", summary = "Transfer money to a near relative's wallet",
            description = "By the sender (`from_psn_no`), with a step-up token: face or 医保码 password verification"
                    + " within the last 5 minutes (R-WAL-3, checked before anything else). The payee must be a"
                    + " recorded near relative, enrolled in normal status, with an active wallet in a region that, like"
                    + " the sender's, opened the wallet (R-WAL-2). Idempotent by `transfer_id`.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "parent",
            summary = "200 yuan from the personal account to a parent's wallet", value = """
                    {"transfer_id": "tr-20261122-0001", "from_psn_no": "DEMO0002", "source": "PERSONAL",
                     "to_psn_no": "DEMO0003", "to_psn_name": "张三", "amount": 200.00}""")))
    @APIResponse(responseCode = "201", description = "The transfer, COMPLETED.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TransferView.class)))
    @APIResponse(responseCode = "200", description = "The same `transfer_id` and content again: the first answer.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TransferView.class)))
    @APIResponse(responseCode = "400", description = "`VALIDATION`: `amount` (yuan, > 0, at most 2 decimals), `source`"
            + " (PERSONAL or WALLET), a missing field; `AMOUNT_TOO_LARGE`.")
    @APIResponse(responseCode = "401", description = "`UNAUTHENTICATED`, or `R-WAL-3`: no face or password verification"
            + " in the last 5 minutes (`WWW-Authenticate: Bearer error=\"insufficient_user_authentication\","
            + " acr_values=\"face pwd\", max_age=\"300\"`; authenticate again and retry).")
    @APIResponse(responseCode = "403", description = "`FORBIDDEN_PERSON`: a person transfers only their own money.")
    @APIResponse(responseCode = "404", description = "`NOT_FOUND`: the sender is not an insured person.")
    @APIResponse(responseCode = "409", description = "`R-WAL-2` (the payee's name, kinship, enrolment, wallet or"
            + " region), `INSUFFICIENT_BALANCE`, `ACCOUNT_FROZEN`, `ACCOUNT_CLOSED`, `IDEMPOTENCY_CONFLICT` (the"
            + " `transfer_id` was used for another transfer).")
    public Response transfer(@Valid @NotNull TransferRequest body) {
        if (!caller.isPerson(body.fromPsnNo())) {
            throw RuleViolation.forbidden("FORBIDDEN_PERSON", "a person may transfer only their own money");
        }
        long fen = Money.toFen(body.amount(), "amount");
        TransferService.Transfer t = transfers.transfer(body.transferId(), body.fromPsnNo(), body.source(),
                body.toPsnNo(), body.toPsnName(), fen);
        return Response.status(t.replay() ? 200 : 201).entity(TransferView.of(t)).build();
    }

    @GET
    @Path("/{transfer_id}")
    @RolesAllowed(Caller.PERSON)
    @Operation(operationId = "getTransfer", summary = "Read a transfer",
            description = "For its sender or its receiver.")
    @APIResponse(responseCode = "200", description = "The transfer.")
    @APIResponse(responseCode = "403", description = "`FORBIDDEN_PERSON`: only the sender and the receiver.")
    @APIResponse(responseCode = "404", description = "`NOT_FOUND`: no such transfer.")
    public TransferView get(@PathParam("transfer_id") String transferId) {
        TransferService.Transfer t = transfers.find(transferId)
                .orElseThrow(() -> RuleViolation.notFound("transfer " + transferId));
        if (!caller.isPerson(t.fromPsnNo()) && !caller.isPerson(t.toPsnNo())) {
            throw RuleViolation.forbidden("FORBIDDEN_PERSON", "only the sender and the receiver may see a transfer");
        }
        return TransferView.of(t);
    }
}
