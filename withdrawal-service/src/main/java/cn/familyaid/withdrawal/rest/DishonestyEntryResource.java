package cn.familyaid.withdrawal.rest;

import cn.familyaid.withdrawal.domain.DishonestyEntry;
import cn.familyaid.withdrawal.domain.Masking;
import cn.familyaid.withdrawal.domain.Money;
import cn.familyaid.withdrawal.problem.Problem;
import cn.familyaid.withdrawal.security.Caller;
import cn.familyaid.withdrawal.security.Requester;
import cn.familyaid.withdrawal.service.ListService;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;

/** 失信名单, the dishonesty list (R-WD-9), as the agencies read it (README, Exposed Endpoints, "Lists"). */
@Path("/api/v1/dishonesty-entries")
@Tag(name = "dishonesty list", description = "失信名单 (R-WD-9): applicants found forging evidence, as agencies read it")
@Produces(MediaType.APPLICATION_JSON)
public class DishonestyEntryResource {

    @Inject
    ListService lists;

    @Inject
    Caller caller;

    /**
     * One entry: whom a FORGED decision listed, with the fine basis and the fine; the name and certificate are the
     * listed person's, so they are masked (root README, Contract conventions: personal data).
     */
    public record EntryView(@JsonProperty("entry_id") long entryId,
                            @JsonProperty("psn_no") String psnNo,
                            @JsonProperty("psn_name") String psnName,
                            String certno,
                            String admdvs,
                            @JsonProperty("withdrawal_id") String withdrawalId,
                            @JsonProperty("basis_amt") BigDecimal basisAmt,
                            @JsonProperty("fine_amt") BigDecimal fineAmt,
                            @JsonProperty("listed_at") OffsetDateTime listedAt,
                            @JsonProperty("listed_by") String listedBy,
                            String note) {

        static EntryView of(ListService.Listed l) {
            DishonestyEntry d = l.entry();
            return new EntryView(d.id, d.psnNo, Masking.name(l.psnName()), Masking.certno(d.certno), d.admdvs,
                    d.withdrawalId.toString(), Money.toYuan(d.basisFen), Money.toYuan(d.fineFen), d.listedAt,
                    d.listedBy, d.note);
        }
    }

    /** A page of the list; {@code next_cursor} continues it (null: the last page). */
    public record EntriesPage(List<EntryView> entries, @JsonProperty("next_cursor") String nextCursor) {
    }

    @GET
    @RolesAllowed(Caller.AGENCY)
    @Operation(operationId = "listDishonestyEntries", summary = "The dishonesty list of the agency's region (R-WD-9)",
            description = "The 失信名单 entries listed in the regions of the agency's `admdvs` scope (or the narrower"
                    + " `admdvs` asked for): the region of the application found forged. Oldest first (`listed_at`,"
                    + " then id); the listed person's name and certificate masked. `limit` 1..200 (default 50);"
                    + " `cursor` is the previous page's `next_cursor`, null on the last page.")
    @APIResponse(responseCode = "200", description = "A page of entries and the next page's cursor.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = EntriesPage.class)))
    @APIResponse(responseCode = "400", description = "`VALIDATION`: `admdvs` not six digits, `cursor` not one this"
            + " list returned, `limit` not a whole number from 1 to 200.",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "`UNAUTHENTICATED`: no valid bearer token.",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "`FORBIDDEN_ROLE` (not an agency), `FORBIDDEN_REGION` (`admdvs`"
            + " outside the agency's scope, or a token without `admdvs`).",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public EntriesPage list(
            @Parameter(description = "A region or province (xx0000) inside the agency's scope", example = "320102")
            @QueryParam("admdvs") String admdvs,
            @Parameter(description = "The previous page's next_cursor") @QueryParam("cursor") String cursor,
            @Parameter(description = "Rows per page, 1..200", schema = @Schema(defaultValue = "50"))
            @QueryParam("limit") String limit) {
        int n = Paging.limit(limit);
        Paging.Cursor after = Paging.cursor(ListService.DISHONESTY, cursor);
        ListService.Page<ListService.Listed> page = lists.dishonestyEntries(Requester.of(caller),
                Paging.admdvs(admdvs), after, n);
        return new EntriesPage(page.items().stream().map(EntryView::of).toList(), page.nextCursor());
    }
}
