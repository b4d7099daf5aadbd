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

import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/** 对账 (R-SET-8): daily totals by source of one institution. */
@Path("/api/v1/reconciliation")
@Produces(MediaType.APPLICATION_JSON)
public class ReconciliationResource {

    @Inject
    ReconciliationService reconciliation;

    @Inject
    Caller caller;

    @GET
    @RolesAllowed({Caller.INSTITUTION, Caller.AGENCY})
    public ReconciliationView day(@QueryParam("fixmedins_code") String code, @QueryParam("date") String date) {
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
