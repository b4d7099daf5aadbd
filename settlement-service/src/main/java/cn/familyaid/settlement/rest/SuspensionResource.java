package cn.familyaid.settlement.rest;

import cn.familyaid.settlement.domain.Suspension;
import cn.familyaid.settlement.security.Caller;
import cn.familyaid.settlement.service.RegistryService;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.LocalDate;

/** Suspension from networked settlement after impersonation (R-SET-3), set by the agency of the person's region. */
@Path("/api/v1/suspensions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SuspensionResource {

    @Inject
    RegistryService registry;

    @Inject
    Caller caller;

    public record SuspensionRequest(
            @JsonProperty("request_id") @NotBlank @Size(max = 40) String requestId,
            @JsonProperty("psn_no") @NotBlank @Size(max = 30) String psnNo,
            @NotNull @Min(value = 3, message = "must be 3..12") @Max(value = 12, message = "must be 3..12") Integer months,
            @NotBlank @Size(max = 500) String reason) {
    }

    public record SuspensionView(@JsonProperty("suspension_id") String suspensionId,
                                 @JsonProperty("psn_no") String psnNo, int months, String reason,
                                 LocalDate begndate, LocalDate enddate) {
    }

    @POST
    @RolesAllowed(Caller.AGENCY)
    public Response suspend(@Valid @NotNull SuspensionRequest body) {
        RegistryService.Created<Suspension> c = registry.suspend(caller, body.requestId(), body.psnNo(), body.months(),
                body.reason());
        Suspension s = c.value();
        return Response.status(c.created() ? 201 : 200)
                .entity(new SuspensionView(s.suspensionId, s.psnNo, s.months, s.reason, s.begndate, s.enddate)).build();
    }
}
