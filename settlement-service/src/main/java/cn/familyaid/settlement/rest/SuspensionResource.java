package cn.familyaid.settlement.rest;

import cn.familyaid.settlement.domain.Masking;
import cn.familyaid.settlement.domain.Suspension;
import cn.familyaid.settlement.problem.Problem;
import cn.familyaid.settlement.problem.RuleViolation;
import cn.familyaid.settlement.security.Caller;
import cn.familyaid.settlement.service.ListService;
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
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
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
import java.util.Arrays;
import java.util.List;

/** Suspension from networked settlement after impersonation (R-SET-3), set by the agency of the person's region. */
@Path("/api/v1/suspensions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "suspensions", description = "Suspension from networked settlement after impersonation (R-SET-3)")
public class SuspensionResource {

    @Inject
    RegistryService registry;

    @Inject
    ListService lists;

    @Inject
    Caller caller;

    @Schema(name = "SuspensionRequest", description = "Body of `POST /suspensions`.")
    public record SuspensionRequest(
            @JsonProperty("request_id") @NotBlank @Size(max = 40) String requestId,
            @JsonProperty("psn_no") @NotBlank @Size(max = 30) String psnNo,
            @NotNull @Min(value = 3, message = "must be 3..12") @Max(value = 12, message = "must be 3..12") Integer months,
            @NotBlank @Size(max = 500) String reason) {
    }

    @Schema(name = "SuspensionView", description = "`enddate` (exclusive) is the first day the person may settle"
            + " again.")
    public record SuspensionView(@JsonProperty("suspension_id") String suspensionId,
                                 @JsonProperty("psn_no") String psnNo, int months, String reason,
                                 LocalDate begndate, LocalDate enddate) {
    }

    /** Lifting a suspension early (R-SET-3): why, required. */
    public record LiftRequest(@NotBlank @Size(max = 500) String reason) {
    }

    /**
     * A suspension as the lists and a lift show it: its period, its state on today's date (ACTIVE until the end day,
     * then ENDED; LIFTED once lifted early) and, when lifted, who lifted it, when and why. The person's name is masked.
     */
    public record SuspensionItem(@JsonProperty("suspension_id") String suspensionId,
                                 @JsonProperty("psn_no") String psnNo,
                                 @JsonProperty("psn_name") String psnName,
                                 int months, String reason, LocalDate begndate, LocalDate enddate,
                                 String status,
                                 @JsonProperty("created_by") String createdBy,
                                 @JsonProperty("created_at") OffsetDateTime createdAt,
                                 @JsonProperty("lifted_at") OffsetDateTime liftedAt,
                                 @JsonProperty("lifted_by") String liftedBy,
                                 @JsonProperty("lift_reason") String liftReason) {

        static SuspensionItem of(Suspension s, String psnName, LocalDate today) {
            return new SuspensionItem(s.suspensionId, s.psnNo, Masking.name(psnName), s.months, s.reason,
                    s.begndate, s.enddate, s.state(today).name(), s.createdBy, s.createdAt, s.liftedAt, s.liftedBy,
                    s.liftReason);
        }
    }

    /** A page of suspensions; {@code next_cursor} continues it (null: the last page). */
    public record SuspensionsPage(List<SuspensionItem> suspensions, @JsonProperty("next_cursor") String nextCursor) {
    }

    @POST
    @RolesAllowed(Caller.AGENCY)
    @Operation(operationId = "createSuspension", summary = "Suspend a person from networked settlement",
            description = "By the agency of the person's region, for 3..12 months from today; their settlements and"
                    + " pre-settlements are refused `R-SET-3` meanwhile. Idempotent by `request_id`.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "sixMonths",
            summary = "Six months after a lent card was used", value = """
                    {"request_id": "susp-320102-0001", "psn_no": "P0001", "months": 6,
                     "reason": "social-security card lent to another person (impersonation attempt recorded)"}""")))
    @APIResponse(responseCode = "201", description = "The suspension.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = SuspensionView.class)))
    @APIResponse(responseCode = "200", description = "The same `request_id` and content again: the suspension.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = SuspensionView.class)))
    @APIResponse(responseCode = "400", description = "`VALIDATION`: `months` not 3..12, `reason` missing or longer than"
            + " 500, `request_id`, `psn_no`.")
    @APIResponse(responseCode = "403", description = "`FORBIDDEN_REGION`: the person is insured outside the caller's"
            + " scope.")
    @APIResponse(responseCode = "404", description = "`NOT_FOUND`: no such insured person.")
    @APIResponse(responseCode = "409", description = "`IDEMPOTENCY_CONFLICT`: the `request_id` was used with other"
            + " content.")
    public Response suspend(@Valid @NotNull SuspensionRequest body) {
        RegistryService.Created<Suspension> c = registry.suspend(caller, body.requestId(), body.psnNo(), body.months(),
                body.reason());
        Suspension s = c.value();
        return Response.status(c.created() ? 201 : 200)
                .entity(new SuspensionView(s.suspensionId, s.psnNo, s.months, s.reason, s.begndate, s.enddate)).build();
    }

    /** R-SET-3: the suspensions of the persons insured in the agency's scope, oldest first. */
    @GET
    @RolesAllowed(Caller.AGENCY)
    @Operation(operationId = "listSuspensions", summary = "Suspensions of the agency's region (R-SET-3)",
            description = "The suspensions of the persons insured in the agency's `admdvs` scope (or the narrower"
                    + " `admdvs` asked for), oldest first (`created_at`, then id); `status` on today's date: ACTIVE"
                    + " until the end day, then ENDED, LIFTED once lifted early (with who, when and why). Names"
                    + " masked. `limit` 1..200 (default 50); `cursor` is the previous page's `next_cursor`, null on"
                    + " the last page.")
    @APIResponse(responseCode = "200", description = "A page of suspensions and the next page's cursor.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = SuspensionsPage.class)))
    @APIResponse(responseCode = "400", description = "`VALIDATION`: `status` not ACTIVE, ENDED or LIFTED, `admdvs` not"
            + " six digits, `psn_no` empty or over 32 characters, `cursor` not one this list returned, `limit` not a"
            + " whole number from 1 to 200.",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "`UNAUTHENTICATED`: no valid bearer token.",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "`FORBIDDEN_ROLE` (not an agency), `FORBIDDEN_REGION` (`admdvs`"
            + " outside the agency's scope, or a token without `admdvs`).",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public SuspensionsPage list(
            @Parameter(description = "A region or province (xx0000) inside the agency's scope", example = "320102")
            @QueryParam("admdvs") String admdvs,
            @Parameter(description = "Only this person's", example = "DEMO0004") @QueryParam("psn_no") String psnNo,
            @Parameter(description = "Only suspensions in this state today",
                    schema = @Schema(enumeration = {"ACTIVE", "ENDED", "LIFTED"})) @QueryParam("status") String status,
            @Parameter(description = "The previous page's next_cursor") @QueryParam("cursor") String cursor,
            @Parameter(description = "Rows per page, 1..200", schema = @Schema(defaultValue = "50"))
            @QueryParam("limit") String limit) {
        Suspension.State state = null;
        if (status != null) {
            try {
                state = Suspension.State.valueOf(status);
            } catch (IllegalArgumentException e) {
                throw RuleViolation.badField("status", "VALIDATION", "must be one of "
                        + String.join(", ", Arrays.stream(Suspension.State.values()).map(Enum::name).toList()));
            }
        }
        int n = Paging.limit(limit);
        Paging.Cursor after = Paging.cursor(ListService.SUSPENSIONS, cursor);
        ListService.Page<ListService.Named<Suspension>> page = lists.suspensions(caller, Paging.admdvs(admdvs),
                Paging.psnNo(psnNo), state, after, n);
        LocalDate today = lists.today();
        return new SuspensionsPage(page.items().stream().map(x -> SuspensionItem.of(x.row(), x.psnName(), today))
                .toList(), page.nextCursor());
    }

    /**
     * R-SET-3: the agency of the person's region lifts a suspension before it ends, with the reason; the person
     * settles again at once. Lifted already → 409 {@code SUSPENSION_LIFTED}; ended → 409 {@code SUSPENSION_ENDED}.
     */
    @POST
    @Path("/{suspension_id}/lift")
    @RolesAllowed(Caller.AGENCY)
    @Operation(operationId = "liftSuspension", summary = "Lift a suspension early, with the reason (R-SET-3)",
            description = "By the agency of the person's region. Records who lifted it (the operator), when and why;"
                    + " the suspension keeps its period and no longer refuses the person's settlements, from now."
                    + " Other suspensions of the person stay as they are.")
    @APIResponse(responseCode = "200", description = "The suspension, `status` LIFTED, with `lifted_at`, `lifted_by`,"
            + " `lift_reason`.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = SuspensionItem.class)))
    @APIResponse(responseCode = "400", description = "`VALIDATION`: `reason` missing, blank or over 500 characters.",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "`UNAUTHENTICATED`: no valid bearer token.",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "`FORBIDDEN_ROLE` (not an agency: institutions and persons do not"
            + " lift), `FORBIDDEN_REGION` (not the agency of the person's region).",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "`NOT_FOUND`: no such suspension.",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "`SUSPENSION_LIFTED` (lifted already), `SUSPENSION_ENDED` (it has"
            + " ended; nothing to lift).",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public SuspensionItem lift(@PathParam("suspension_id") String suspensionId, @Valid @NotNull LiftRequest body) {
        Suspension s = registry.lift(caller, suspensionId, body.reason());
        return SuspensionItem.of(s, registry.personName(s.psnNo), lists.today());
    }
}
