package cn.familyaid.settlement.rest;

import cn.familyaid.settlement.domain.ImpersonationAttempt;
import cn.familyaid.settlement.domain.Masking;
import cn.familyaid.settlement.problem.Problem;
import cn.familyaid.settlement.security.Caller;
import cn.familyaid.settlement.service.ListService;
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

import java.time.OffsetDateTime;
import java.util.List;

/**
 * 冒名就医 records (R-SET-3): settlements refused because the credential was not the patient's own or belonged to a
 * deceased person. The institution reads its own; the agency of the patient's region reads them as evidence.
 */
@Path("/api/v1/impersonation-attempts")
@Tag(name = "impersonation attempts", description = "冒名就医 (R-SET-3): settlements refused for another's or a"
        + " deceased person's credential")
@Produces(MediaType.APPLICATION_JSON)
public class ImpersonationAttemptResource {

    @Inject
    ListService lists;

    @Inject
    Caller caller;

    /**
     * An attempt. The patient's name is masked; the number presented is shown masked to agencies only and never to
     * institutions, nor whose credential it was ({@code holder_psn_no}).
     */
    public record AttemptView(@JsonProperty("attempt_id") long attemptId,
                              @JsonProperty("fixmedins_code") String fixmedinsCode,
                              @JsonProperty("psn_no") String psnNo,
                              @JsonProperty("psn_name") String psnName,
                              @JsonProperty("mdtrt_cert_type") String mdtrtCertType,
                              @JsonProperty("presented_certno") String presentedCertno,
                              @JsonProperty("holder_psn_no") String holderPsnNo,
                              String reason,
                              String operation,
                              @JsonProperty("attempted_at") OffsetDateTime attemptedAt) {

        static AttemptView of(ListService.Named<ImpersonationAttempt> n, boolean agency) {
            ImpersonationAttempt a = n.row();
            return new AttemptView(a.id, a.fixmedinsCode, a.psnNo, Masking.name(n.psnName()), a.mdtrtCertType,
                    agency ? Masking.certno(a.presentedCertno) : null, agency ? a.holderPsnNo : null, a.reason,
                    a.operation, a.attemptedAt);
        }
    }

    /** A page of attempts; {@code next_cursor} continues it (null: the last page). */
    public record AttemptsPage(List<AttemptView> attempts, @JsonProperty("next_cursor") String nextCursor) {
    }

    @GET
    @RolesAllowed({Caller.AGENCY, Caller.INSTITUTION})
    @Operation(operationId = "listImpersonationAttempts", summary = "Impersonation attempts (R-SET-3)",
            description = "An institution lists its own (any patient's); an agency those of the patients insured in its"
                    + " `admdvs` scope (or the narrower `admdvs` asked for), at any institution or the"
                    + " `fixmedins_code` asked for. Oldest first (`attempted_at`, then id). The patient's name is"
                    + " masked; the number presented (`presented_certno`, masked) and whose credential it was"
                    + " (`holder_psn_no`) are shown to agencies only. `limit` 1..200 (default 50); `cursor` is the"
                    + " previous page's `next_cursor`, null on the last page.")
    @APIResponse(responseCode = "200", description = "A page of attempts and the next page's cursor.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = AttemptsPage.class)))
    @APIResponse(responseCode = "400", description = "`VALIDATION`: `admdvs` not six digits (or given by an"
            + " institution), `fixmedins_code` not 1..32 letters or digits, `psn_no` empty or over 32 characters,"
            + " `cursor` not one this list returned, `limit` not a whole number from 1 to 200.",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "`UNAUTHENTICATED`: no valid bearer token.",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "`FORBIDDEN_ROLE` (not an agency or institution),"
            + " `FORBIDDEN_REGION` (`admdvs` outside the agency's scope, or a token without `admdvs`),"
            + " `FORBIDDEN_INSTITUTION` (another institution's `fixmedins_code`).",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public AttemptsPage list(
            @Parameter(description = "A region or province (xx0000) inside the agency's scope", example = "320102")
            @QueryParam("admdvs") String admdvs,
            @Parameter(description = "Only attempts at this institution (an institution: its own code only)",
                    example = "H32010200001") @QueryParam("fixmedins_code") String code,
            @Parameter(description = "Only this person's", example = "DEMO0004") @QueryParam("psn_no") String psnNo,
            @Parameter(description = "The previous page's next_cursor") @QueryParam("cursor") String cursor,
            @Parameter(description = "Rows per page, 1..200", schema = @Schema(defaultValue = "50"))
            @QueryParam("limit") String limit) {
        int n = Paging.limit(limit);
        Paging.Cursor after = Paging.cursor(ListService.ATTEMPTS, cursor);
        ListService.Page<ListService.Named<ImpersonationAttempt>> page = lists.attempts(caller,
                Paging.admdvs(admdvs), Paging.fixmedinsCode(code), Paging.psnNo(psnNo), after, n);
        boolean agency = !caller.is(Caller.INSTITUTION);
        return new AttemptsPage(page.items().stream().map(a -> AttemptView.of(a, agency)).toList(),
                page.nextCursor());
    }
}
