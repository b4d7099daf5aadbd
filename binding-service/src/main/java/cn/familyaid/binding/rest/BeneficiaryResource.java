package cn.familyaid.binding.rest;

import cn.familyaid.binding.mapping.BindingView;
import cn.familyaid.binding.security.Caller;
import cn.familyaid.binding.service.BindingService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/** 扣款顺序: the beneficiary side orders their funders (R-BIND-5). */
@Path("/api/v1/beneficiaries/{psn_no}/deduction-order")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "bindings")
public class BeneficiaryResource {

    @Inject
    BindingService bindings;

    @Inject
    Caller caller;

    @PUT
    @RolesAllowed(Caller.PERSON)
    @Operation(operationId = "orderDeductions", summary = "Set the order in which a beneficiary's funders pay",
            description = "By the beneficiary or their guardian (proxy agent) (R-BIND-5). `binding_ids` is exactly"
                    + " the beneficiary's ACTIVE bindings, each once, first payer first; the plan is published.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "two",
            summary = "Two funders, the second one first", value = """
                    {"binding_ids": ["0b7e6f0e-3c1a-4d55-9f43-2d1c3f6a9b10", "5f2b9c1d-8e47-4a6b-b3c2-7d9e1f0a4c21"]}""")))
    @APIResponse(responseCode = "200", description = "The active bindings in their new order.")
    @APIResponse(responseCode = "400", description = "`R-BIND-5`: `binding_ids` names a binding twice, one that is not"
            + " the beneficiary's ACTIVE binding, or leaves one out; `VALIDATION`.")
    @APIResponse(responseCode = "403", description = "`FORBIDDEN_PERSON`: only the beneficiary or their guardian.")
    @APIResponse(responseCode = "404", description = "`NOT_FOUND`: no such person.")
    public List<BindingView> order(@PathParam("psn_no") String psnNo, @Valid @NotNull BindingRequests.Order body) {
        return bindings.reorder(psnNo, body.bindingIds(), caller.actor()).stream().map(BindingView::of).toList();
    }
}
