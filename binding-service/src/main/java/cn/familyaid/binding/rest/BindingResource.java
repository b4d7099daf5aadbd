package cn.familyaid.binding.rest;

import cn.familyaid.binding.domain.Binding;
import cn.familyaid.binding.mapping.BindingView;
import cn.familyaid.binding.problem.RuleViolation;
import cn.familyaid.binding.security.Caller;
import cn.familyaid.binding.service.BindingService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
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

import java.util.List;
import java.util.UUID;

/** 家庭共济 bindings: who may pay for whom (R-BIND-1..8). */
@Path("/api/v1/bindings")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "bindings", description = "家庭共济 bindings: a funder's personal account pays a near relative's"
        + " out-of-pocket costs (R-BIND-1..8)")
public class BindingResource {

    @Inject
    BindingService bindings;

    @Inject
    Caller caller;

    @POST
    @RolesAllowed({Caller.PERSON, Caller.AGENCY})
    @Operation(operationId = "createBinding", summary = "Bind a funder to a beneficiary",
            description = "By the funder (person token; channel APP, WECHAT or ALIPAY) or an agency whose scope covers"
                    + " the funder's region (channel COUNTER). Checks R-BIND-1..4, -6 and -7. The binding is ACTIVE,"
                    + " last in the beneficiary's deduction order, or PENDING where the funder's region requires"
                    + " acceptance (`POST /bindings/{id}/accept`). Idempotent by `request_id`: the same request again"
                    + " (same content, same caller) gets the first answer again, a refusal included; `relation` is"
                    + " what the beneficiary is to the funder.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = {
            @ExampleObject(name = "app", summary = "The funder binds their parent online, sharing all", value = """
                    {"request_id": "bind-20261122-0001", "funder_psn_no": "DEMO0002", "beneficiary_psn_no": "DEMO0003",
                     "relation": "PARENT", "share": {"mode": "ALL"}, "channel": "APP"}"""),
            @ExampleObject(name = "counter", summary = "An agency binds at the counter, with a cap in yuan", value = """
                    {"request_id": "ctr-440305-0001", "funder_psn_no": "DEMO0002", "beneficiary_psn_no": "DEMO0004",
                     "relation": "CHILD", "share": {"mode": "CAP", "cap_amt": 2000.00}, "channel": "COUNTER"}""")}))
    @APIResponse(responseCode = "201", description = "The binding, ACTIVE or PENDING.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = BindingView.class)))
    @APIResponse(responseCode = "200", description = "The same `request_id` and content again: the first answer.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = BindingView.class)))
    @APIResponse(responseCode = "400", description = "`VALIDATION`; `R-BIND-6` (`share.mode`, `share.cap_amt`: a cap"
            + " > 0 with CAP only); `R-BIND-7` (`channel`: COUNTER for an agency, an app channel for a person);"
            + " `R-BIND-3` (`beneficiary_psn_no` is the funder); `AMOUNT_TOO_LARGE`.")
    @APIResponse(responseCode = "403", description = "`R-BIND-1` (the funder is not employee-insured in normal status,"
            + " or their account is closed), `R-BIND-2` (the beneficiary is not enrolled in normal status), `R-BIND-3`"
            + " (no recorded kinship with that relation, or a relation the funder's region does not allow),"
            + " `R-BIND-4` (cross-province without `cross_province_open` in both regions); `FORBIDDEN_PERSON` (a"
            + " person binds only as the funder), `FORBIDDEN_REGION` (an agency outside the funder's region).")
    @APIResponse(responseCode = "404", description = "`NOT_FOUND`: the funder or the beneficiary is not registered.")
    @APIResponse(responseCode = "409", description = "`BINDING_EXISTS` (the pair has a live binding),"
            + " `IDEMPOTENCY_CONFLICT` (the `request_id` was used for another request), `CONFLICT` (a concurrent"
            + " change; nothing was written).")
    public Response create(@Valid @NotNull BindingRequests.Create body) {
        BindingService.Answer a = bindings.create(body, caller.actor());
        return Response.status(a.status()).type(a.contentType()).entity(a.body()).build();
    }

    @POST
    @Path("/{id}/accept")
    @RolesAllowed({Caller.PERSON, Caller.AGENCY})
    @Operation(operationId = "acceptBinding", summary = "Accept a pending binding",
            description = "By the beneficiary, their guardian (the holder of the beneficiary's active proxy) or the"
                    + " agency of the beneficiary's region. PENDING becomes ACTIVE, last in the deduction order, after"
                    + " R-BIND-1..4 are checked again on the facts as they are now; an ACTIVE binding is answered"
                    + " unchanged.")
    @APIResponse(responseCode = "200", description = "The binding, ACTIVE.")
    @APIResponse(responseCode = "403", description = "`FORBIDDEN_PERSON` (not the beneficiary or their guardian),"
            + " `FORBIDDEN_REGION` (an agency outside the beneficiary's region); `R-BIND-1`..`R-BIND-4` as at"
            + " creation.")
    @APIResponse(responseCode = "404", description = "`NOT_FOUND`: no such binding.")
    @APIResponse(responseCode = "409", description = "`BINDING_ENDED`: the binding has ended.")
    public BindingView accept(@PathParam("id") String id) {
        return BindingView.of(bindings.accept(uuid(id), caller.actor()));
    }

    @PATCH
    @Path("/{id}")
    @RolesAllowed(Caller.PERSON)
    @Operation(operationId = "changeBindingShare", summary = "Change what the funder shares",
            description = "By the funder. `share` is ALL or a CAP in yuan (R-BIND-6); an ACTIVE binding's plan is"
                    + " published again.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "cap",
            summary = "Share at most 1500 yuan", value = """
                    {"share": {"mode": "CAP", "cap_amt": 1500.00}}""")))
    @APIResponse(responseCode = "200", description = "The binding with its new share.")
    @APIResponse(responseCode = "400", description = "`VALIDATION`; `R-BIND-6` (`share.mode`, `share.cap_amt`);"
            + " `AMOUNT_TOO_LARGE`.")
    @APIResponse(responseCode = "403", description = "`FORBIDDEN_PERSON`: only the funder changes the share.")
    @APIResponse(responseCode = "404", description = "`NOT_FOUND`: no such binding.")
    @APIResponse(responseCode = "409", description = "`BINDING_ENDED`: the binding has ended.")
    public BindingView changeShare(@PathParam("id") String id, @Valid @NotNull BindingRequests.ChangeShare body) {
        return BindingView.of(bindings.changeShare(uuid(id), body, caller.actor()));
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed({Caller.PERSON, Caller.AGENCY})
    @Operation(operationId = "unbind", summary = "End a binding",
            description = "By the funder, or the agency of the funder's region (R-BIND-8). The binding ends (reason"
                    + " `UNBOUND`) and the gap in the deduction order closes; ending an ended binding again is 204 too.")
    @APIResponse(responseCode = "204", description = "The binding has ended.")
    @APIResponse(responseCode = "403", description = "`FORBIDDEN_PERSON` (only the funder unbinds), `FORBIDDEN_REGION`"
            + " (an agency outside the funder's region).")
    @APIResponse(responseCode = "404", description = "`NOT_FOUND`: no such binding.")
    public Response unbind(@PathParam("id") String id) {
        bindings.unbind(uuid(id), caller.actor());
        return Response.noContent().build();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Caller.PERSON, Caller.PLATFORM, Caller.AGENCY})
    @Operation(operationId = "getBinding", summary = "Read a binding",
            description = "For the funder or the beneficiary side (a proxy agent included), or a platform or agency"
                    + " whose scope covers either person's region.")
    @APIResponse(responseCode = "200", description = "The binding.")
    @APIResponse(responseCode = "403", description = "`FORBIDDEN_PERSON` (a person not concerned by the binding),"
            + " `FORBIDDEN_REGION` (outside the caller's region).")
    @APIResponse(responseCode = "404", description = "`NOT_FOUND`: no such binding.")
    public BindingView get(@PathParam("id") String id) {
        return BindingView.of(bindings.get(uuid(id), caller.actor()));
    }

    /** Exactly one of {@code funder_psn_no} or {@code beneficiary_psn_no}; optional {@code status}. */
    @GET
    @RolesAllowed({Caller.PERSON, Caller.PLATFORM, Caller.AGENCY})
    @Operation(operationId = "listBindings", summary = "List a person's bindings, as funder or as beneficiary",
            description = "Exactly one of `funder_psn_no` or `beneficiary_psn_no`. For that person (or their proxy"
                    + " agent), or a platform or agency whose scope covers the person's region; a caller who may not"
                    + " see the person gets 403 whether or not the person exists. Active bindings first, in deduction"
                    + " order.")
    @APIResponse(responseCode = "200", description = "The bindings.")
    @APIResponse(responseCode = "400", description = "`VALIDATION`: not exactly one of `funder_psn_no`,"
            + " `beneficiary_psn_no`; `status` not PENDING, ACTIVE or ENDED.")
    @APIResponse(responseCode = "403", description = "`FORBIDDEN_PERSON` (another person's bindings),"
            + " `FORBIDDEN_REGION` (outside the caller's region).")
    @APIResponse(responseCode = "404", description = "`NOT_FOUND`: no such person (told only to the person or a"
            + " national-scope caller).")
    public List<BindingView> list(@Parameter(description = "The funder's psn_no", example = "DEMO0002") @QueryParam("funder_psn_no") String funder,
                                  @Parameter(description = "The beneficiary's psn_no", example = "DEMO0003")
                                  @QueryParam("beneficiary_psn_no") String beneficiary,
                                  @Parameter(description = "Only bindings in this status",
                                          schema = @Schema(enumeration = {"PENDING", "ACTIVE", "ENDED"})) @QueryParam("status") String status) {
        if ((funder == null) == (beneficiary == null)) {
            throw RuleViolation.badField("funder_psn_no", "VALIDATION",
                    "give exactly one of funder_psn_no or beneficiary_psn_no");
        }
        Binding.Status s = null;
        if (status != null) {
            try {
                s = Binding.Status.valueOf(status);
            } catch (IllegalArgumentException e) {
                throw RuleViolation.badField("status", "VALIDATION", "must be PENDING, ACTIVE or ENDED");
            }
        }
        return bindings.list(funder != null ? funder : beneficiary, funder != null, s, caller.actor())
                .stream().map(BindingView::of).toList();
    }

    static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw RuleViolation.notFound("binding " + id);
        }
    }
}
