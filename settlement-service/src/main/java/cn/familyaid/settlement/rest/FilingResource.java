package cn.familyaid.settlement.rest;

import cn.familyaid.settlement.domain.Filing;
import cn.familyaid.settlement.security.Caller;
import cn.familyaid.settlement.service.RegistryService;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.LocalDate;

/** 异地就医备案 (R-SET-6): by the person, or the agency of the person's region. */
@Path("/api/v1/filings")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class FilingResource {

    @Inject
    RegistryService registry;

    @Inject
    Caller caller;

    public record FilingRequest(
            @JsonProperty("request_id") @NotBlank @Size(max = 40) String requestId,
            @JsonProperty("psn_no") @NotBlank @Size(max = 30) String psnNo,
            @NotBlank @Pattern(regexp = "\\d{6}", message = "must be a 6-digit admdvs") String admdvs,
            @NotNull LocalDate begndate,
            @NotNull LocalDate enddate) {
    }

    public record FilingView(@JsonProperty("filing_id") String filingId, @JsonProperty("psn_no") String psnNo,
                             String admdvs, LocalDate begndate, LocalDate enddate) {
    }

    @POST
    @RolesAllowed({Caller.PERSON, Caller.AGENCY})
    public Response file(@Valid @NotNull FilingRequest body) {
        RegistryService.Created<Filing> c = registry.file(caller, body.requestId(), body.psnNo(), body.admdvs(),
                body.begndate(), body.enddate());
        Filing f = c.value();
        return Response.status(c.created() ? 201 : 200)
                .entity(new FilingView(f.filingId, f.psnNo, f.admdvs, f.begndate, f.enddate)).build();
    }
}
