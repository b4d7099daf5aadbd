package cn.familyaid.settlement.rest;

import cn.familyaid.settlement.mapping.ReconciliationView;
import cn.familyaid.settlement.problem.RuleViolation;
import cn.familyaid.settlement.security.Caller;
import cn.familyaid.settlement.service.ReconciliationService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/** 对账 (R-SET-8): daily totals by source of one institution. */
@Path("/api/v1/reconciliation")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "reconciliation", description = "对账: an institution's daily totals by source (R-SET-8)")
public class ReconciliationResource {

    @Inject
    ReconciliationService reconciliation;

    @Inject
    Caller caller;

    @GET
    @RolesAllowed({Caller.INSTITUTION, Caller.AGENCY})
    @Operation(operationId = "getReconciliation", summary = "An institution's totals of one day",
            description = "For the institution itself and the agency of its region: the day's settled, reversed and net"
                    + " counts and amounts, by source, and the ledger's clearing. The day is the settlement's (or the"
                    + " reversal's) time in Asia/Shanghai.")
    @APIResponse(responseCode = "200", description = "The day's reconciliation.")
    @APIResponse(responseCode = "400", description = "`VALIDATION`: `fixmedins_code` missing, `date` not yyyy-MM-dd.")
    @APIResponse(responseCode = "403", description = "`R-SET-8` (neither the institution itself nor an agency),"
            + " `FORBIDDEN_REGION` (an agency outside the institution's region).")
    @APIResponse(responseCode = "404", description = "`NOT_FOUND`: no such institution.")
    public ReconciliationView day(@Parameter(description = "The institution", required = true, example = "H32010200001")
                                  @QueryParam("fixmedins_code") String code,
                                  @Parameter(description = "The day, yyyy-MM-dd", required = true, example = "2026-11-22")
                                  @QueryParam("date") String date) {
        if (code == null || code.isBlank()) {
            throw RuleViolation.badField("fixmedins_code", "VALIDATION", "is required");
        }
        LocalDate day;
        try {
            day = LocalDate.parse(date == null ? "" : date);
        } catch (DateTimeParseException e) {
            throw RuleViolation.badField("date", "VALIDATION", "must be a date yyyy-MM-dd");
        }
        return reconciliation.day(caller, code, day);
    }
}
