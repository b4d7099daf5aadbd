package cn.familyaid.settlement.rest;

import cn.familyaid.settlement.mapping.PreSettlementView;
import cn.familyaid.settlement.mapping.SettlementView;
import cn.familyaid.settlement.security.Caller;
import cn.familyaid.settlement.service.PreSettlementService;
import cn.familyaid.settlement.service.ReversalService;
import cn.familyaid.settlement.service.SettlementOutcome;
import cn.familyaid.settlement.service.SettlementService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
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

/** Pre-settlement, settlement, reversal and reading of settlements (settlement-service README, Exposed Endpoints). */
@Path("/api/v1/settlements")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "settlements", description = "Pre-settlement, settlement and reversal at a designated institution (R-SET-1..7)")
public class SettlementResource {

    @Inject
    SettlementService settlements;

    @Inject
    ReversalService reversals;

    @Inject
    PreSettlementService preSettlements;

    @Inject
    Caller caller;

    @POST
    @Path("/pre")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Caller.INSTITUTION)
    @Operation(operationId = "preSettle", summary = "Pre-settle a bill: hold the account money (like 2206 / 2101)",
            description = "By the institution, as itself (R-SET-1). The ledger holds what the personal account, the"
                    + " family (in deduction order, R-SET-2) and the wallet pay; the split is answered. It supersedes"
                    + " (voids) the patient's previous open pre-settlement at this institution. The hold lives 15"
                    + " minutes.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = {
            @ExampleObject(name = "clinic", summary = "An outpatient bill, ID card", value = """
                    {"fixmedins_code": "H32010200001", "psn_no": "P0001", "mdtrt_cert_type": "02",
                     "mdtrt_cert_no": "320102198001010016", "insutype": "310", "med_type": "11",
                     "medfee_sumamt": 200.00, "fund_pay_sumamt": 50.00, "acct_used_flag": "1",
                     "mdtrtarea_admvs": "320102"}"""),
            @ExampleObject(name = "proxy", summary = "Bought by a relative for the patient (代买药, R-SET-4)", value = """
                    {"fixmedins_code": "P32010200002", "psn_no": "P0001", "mdtrt_cert_type": "01",
                     "mdtrt_cert_no": "P0001", "insutype": "310", "med_type": "41", "medfee_sumamt": 86.50,
                     "fund_pay_sumamt": 0.00, "acct_used_flag": "1", "mdtrtarea_admvs": "320102",
                     "proxy": {"psn_name": "李小红", "certno": "320102200501010028", "relation": "CHILD"}}""")}))
    @APIResponse(responseCode = "201", description = "The pre-settlement, HELD, with its split and `expires_at`.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = PreSettlementView.class)))
    @APIResponse(responseCode = "400", description = "`VALIDATION`: a field outside its rule, `fund_pay_sumamt` above"
            + " `medfee_sumamt`, an unknown `med_type`, `mdtrtarea_admvs` not the institution's region, `insutype` not"
            + " the patient's; `AMOUNT_TOO_LARGE`.")
    @APIResponse(responseCode = "403", description = "`R-SET-1` (not as itself, or not designated), `R-SET-3` (the"
            + " credential is not the patient's own, or a deceased person's, or the patient is suspended; the attempt"
            + " is recorded), `R-SET-5` (a use account money may not pay here).")
    @APIResponse(responseCode = "404", description = "`NOT_FOUND`: no such insured person.")
    @APIResponse(responseCode = "409", description = "The ledger's refusal, by its code (`ACCOUNT_FROZEN`,"
            + " `ACCOUNT_CLOSED`, …).")
    @APIResponse(responseCode = "502", description = "`LEDGER_INCONSISTENT`: the ledger's answer does not fit the bill.")
    @APIResponse(responseCode = "503", description = "`LEDGER_UNAVAILABLE`: the ledger did not answer in time; nothing"
            + " was charged or held; retry (the same request again is safe).")
    public Response pre(@Valid @NotNull PreSettlementRequest body) {
        PreSettlementView v = preSettlements.preSettle(caller, body.bill());
        return Response.status(201).entity(v).build();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Caller.INSTITUTION)
    @Operation(operationId = "settle", summary = "Settle a bill (like 2207 / 2102)",
            description = "By the institution, as itself. The bill plus `medins_setl_id` (the institution's idempotency"
                    + " key) and, optionally, `pre_setl_id`; without it the institution's matching open pre-settlement"
                    + " of the patient is posted, otherwise the bill is settled one-shot. Out of the patient's region"
                    + " without a filing (R-SET-6) it succeeds all in cash (`account_not_used_by`). The same"
                    + " `medins_setl_id` and content again is answered 200 with the same settlement.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = {
            @ExampleObject(name = "oneShot", summary = "A settlement without pre-settlement", value = """
                    {"medins_setl_id": "HIS-20261122-0001",
                     "fixmedins_code": "H32010200001", "psn_no": "P0001", "mdtrt_cert_type": "02",
                     "mdtrt_cert_no": "320102198001010016", "insutype": "310", "med_type": "11",
                     "medfee_sumamt": 200.00, "fund_pay_sumamt": 50.00, "acct_used_flag": "1",
                     "mdtrtarea_admvs": "320102"}"""),
            @ExampleObject(name = "afterPre", summary = "Posting a pre-settlement's hold", value = """
                    {"medins_setl_id": "HIS-20261122-0002", "pre_setl_id": "P6c1f0e2a9b8d4c7e8f1a2b3c4d5e6f70",
                     "fixmedins_code": "H32010200001", "psn_no": "P0001", "mdtrt_cert_type": "02",
                     "mdtrt_cert_no": "320102198001010016", "insutype": "310", "med_type": "11",
                     "medfee_sumamt": 200.00, "fund_pay_sumamt": 50.00, "acct_used_flag": "1",
                     "mdtrtarea_admvs": "320102"}""")}))
    @APIResponse(responseCode = "201", description = "The settlement, COMPLETED, with its split (`setlinfo`).",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = SettlementView.class)))
    @APIResponse(responseCode = "200", description = "The same `medins_setl_id` and content again: the same settlement.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = SettlementView.class)))
    @APIResponse(responseCode = "400", description = "`VALIDATION`: as pre-settlement, and `pre_setl_id` naming no"
            + " pre-settlement of this institution.")
    @APIResponse(responseCode = "403", description = "`R-SET-1`, `R-SET-3`, `R-SET-5`: as pre-settlement.")
    @APIResponse(responseCode = "404", description = "`NOT_FOUND`: no such insured person.")
    @APIResponse(responseCode = "409", description = "`IDEMPOTENCY_CONFLICT` (the `medins_setl_id` was used for another"
            + " bill), `PRE_SETTLEMENT_MISMATCH`, `PRE_SETTLEMENT_USED`, `PRE_SETTLEMENT_SUPERSEDED`,"
            + " `PRE_SETTLEMENT_FAILED`, `HOLD_EXPIRED`, or the ledger's refusal by its code.")
    @APIResponse(responseCode = "502", description = "`LEDGER_INCONSISTENT`: the ledger's answer does not fit the bill.")
    @APIResponse(responseCode = "503", description = "`LEDGER_UNAVAILABLE` (the ledger did not answer in time; nothing"
            + " was charged: retry with the same `medins_setl_id`), `SETTLEMENT_IN_PROGRESS` (the same"
            + " `medins_setl_id` is being settled: retry).")
    public Response settle(@Valid @NotNull SettlementRequest body) {
        SettlementOutcome o = settlements.settle(caller, body.bill(), body.medinsSetlId(), body.preSetlId());
        return Response.status(o.created() ? 201 : 200).entity(o.view()).build();
    }

    @POST
    @Path("/{setl_id}/reversal")
    @RolesAllowed(Caller.INSTITUTION)
    @Operation(operationId = "reverseSettlement", summary = "Reverse a settlement (like 2208 / 2103)",
            description = "By the institution that settled (R-SET-7). Every account is refunded exactly once; reversing"
                    + " again is answered 200 with the reversed settlement.")
    @APIResponse(responseCode = "200", description = "The settlement, REVERSED.")
    @APIResponse(responseCode = "403", description = "`R-SET-7`: only the institution that settled reverses.")
    @APIResponse(responseCode = "404", description = "`NOT_FOUND`: no such settlement.")
    @APIResponse(responseCode = "409", description = "`NOT_SETTLED` (pending or failed), or the ledger's refusal by its"
            + " code (`LEDGER_REFUSED`, …).")
    @APIResponse(responseCode = "503", description = "`LEDGER_UNAVAILABLE`: the ledger did not answer in time; nothing"
            + " was refunded yet; retry.")
    public SettlementView reverse(@PathParam("setl_id") String setlId) {
        return reversals.reverse(caller, setlId);
    }

    @GET
    @Path("/{setl_id}")
    @RolesAllowed({Caller.INSTITUTION, Caller.PERSON})
    @Operation(operationId = "getSettlement", summary = "Read a settlement",
            description = "For the institution that settled and the patient.")
    @APIResponse(responseCode = "200", description = "The settlement.")
    @APIResponse(responseCode = "403", description = "`FORBIDDEN_SETTLEMENT`: only the institution that settled and the"
            + " patient.")
    @APIResponse(responseCode = "404", description = "`NOT_FOUND`: no such settlement.")
    public SettlementView get(@PathParam("setl_id") String setlId) {
        return settlements.get(caller, setlId);
    }
}
