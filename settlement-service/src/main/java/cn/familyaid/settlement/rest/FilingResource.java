package cn.familyaid.settlement.rest;

import cn.familyaid.settlement.domain.Filing;
import cn.familyaid.settlement.domain.Masking;
import cn.familyaid.settlement.problem.Problem;
import cn.familyaid.settlement.security.Caller;
import cn.familyaid.settlement.service.ListService;
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
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

/** 异地就医备案 (R-SET-6): by the person, or the agency of the person's region. */
@Path("/api/v1/filings")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "filings", description = "异地就医备案: care filed in another region (R-SET-6)")
public class FilingResource {

    @Inject
    RegistryService registry;

    @Inject
    ListService lists;

    @Inject
    Caller caller;

    @Schema(name = "FilingRequest", description = "Body of `POST /filings`.")
    public record FilingRequest(
            @JsonProperty("request_id") @NotBlank @Size(max = 40) String requestId,
            @JsonProperty("psn_no") @NotBlank @Size(max = 30) String psnNo,
            @NotBlank @Pattern(regexp = "\\d{6}", message = "must be a 6-digit admdvs") String admdvs,
            @NotNull LocalDate begndate,
            @NotNull LocalDate enddate) {
    }

    @Schema(name = "FilingView")
    public record FilingView(@JsonProperty("filing_id") String filingId, @JsonProperty("psn_no") String psnNo,
                             String admdvs, LocalDate begndate, LocalDate enddate) {
    }

    /**
     * A filing as the agency's list shows it: the person (name masked) and their insured region, where the care is
     * filed ({@code admdvs}) and for which days.
     */
    public record FilingItem(@JsonProperty("filing_id") String filingId,
                             @JsonProperty("psn_no") String psnNo,
                             @JsonProperty("psn_name") String psnName,
                             String admdvs, LocalDate begndate, LocalDate enddate,
                             @JsonProperty("created_by") String createdBy,
                             @JsonProperty("created_at") OffsetDateTime createdAt) {

        static FilingItem of(ListService.Named<Filing> n) {
            Filing f = n.row();
            return new FilingItem(f.filingId, f.psnNo, Masking.name(n.psnName()), f.admdvs, f.begndate, f.enddate,
                    f.createdBy, f.createdAt);
        }
    }

    /** A page of filings; {@code next_cursor} continues it (null: the last page). */
    public record FilingsPage(List<FilingItem> filings, @JsonProperty("next_cursor") String nextCursor) {
    }

    /** R-SET-6: the filings of the persons insured in the agency's scope, oldest first. */
    @GET
    @RolesAllowed(Caller.AGENCY)
    @Operation(operationId = "listFilings", summary = "Out-of-region filings of the agency's region (R-SET-6)",
            description = "The filings of the persons insured in the agency's `admdvs` scope (or the narrower `admdvs`"
                    + " asked for; a filing's own `admdvs` is where the care is filed), oldest first (`created_at`,"
                    + " then id). Names masked. `limit` 1..200 (default 50); `cursor` is the previous page's"
                    + " `next_cursor`, null on the last page.")
    @APIResponse(responseCode = "200", description = "A page of filings and the next page's cursor.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = FilingsPage.class)))
    @APIResponse(responseCode = "400", description = "`VALIDATION`: `admdvs` not six digits, `psn_no` empty or over 32"
            + " characters, `cursor` not one this list returned, `limit` not a whole number from 1 to 200.",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "`UNAUTHENTICATED`: no valid bearer token.",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "`FORBIDDEN_ROLE` (not an agency), `FORBIDDEN_REGION` (`admdvs`"
            + " outside the agency's scope, or a token without `admdvs`).",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public FilingsPage list(
            @Parameter(description = "A region or province (xx0000) inside the agency's scope", example = "320102")
            @QueryParam("admdvs") String admdvs,
            @Parameter(description = "Only this person's", example = "DEMO0004") @QueryParam("psn_no") String psnNo,
            @Parameter(description = "The previous page's next_cursor") @QueryParam("cursor") String cursor,
            @Parameter(description = "Rows per page, 1..200", schema = @Schema(defaultValue = "50"))
            @QueryParam("limit") String limit) {
        int n = Paging.limit(limit);
        Paging.Cursor after = Paging.cursor(ListService.FILINGS, cursor);
        ListService.Page<ListService.Named<Filing>> page = lists.filings(caller, Paging.admdvs(admdvs),
                Paging.psnNo(psnNo), after, n);
        return new FilingsPage(page.items().stream().map(FilingItem::of).toList(), page.nextCursor());
    }

    @POST
    @RolesAllowed({Caller.PERSON, Caller.AGENCY})
    @Operation(operationId = "createFiling", summary = "File care in another region",
            description = "By the person, or the agency of the person's region. With a filing whose `admdvs` covers the"
                    + " institution's region (a province code covers the province) on the day, accounts pay as at"
                    + " home. Idempotent by `request_id`.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "shanghai",
            summary = "Care in Shanghai for the winter", value = """
                    {"request_id": "filing-P0001-202612", "psn_no": "P0001", "admdvs": "310000",
                     "begndate": "2026-12-01", "enddate": "2027-02-28"}""")))
    @APIResponse(responseCode = "201", description = "The filing.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = FilingView.class)))
    @APIResponse(responseCode = "200", description = "The same `request_id` and content again: the filing.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = FilingView.class)))
    @APIResponse(responseCode = "400", description = "`VALIDATION`: `enddate` before `begndate`, `admdvs` the person's"
            + " own insured region, or a field outside its rule.")
    @APIResponse(responseCode = "403", description = "`FORBIDDEN_PERSON` (a person files only for themself),"
            + " `FORBIDDEN_REGION` (an agency outside the person's region).")
    @APIResponse(responseCode = "404", description = "`NOT_FOUND`: no such insured person.")
    @APIResponse(responseCode = "409", description = "`IDEMPOTENCY_CONFLICT`: the `request_id` was used with other"
            + " content.")
    public Response file(@Valid @NotNull FilingRequest body) {
        RegistryService.Created<Filing> c = registry.file(caller, body.requestId(), body.psnNo(), body.admdvs(),
                body.begndate(), body.enddate());
        Filing f = c.value();
        return Response.status(c.created() ? 201 : 200)
                .entity(new FilingView(f.filingId, f.psnNo, f.admdvs, f.begndate, f.enddate)).build();
    }
}
