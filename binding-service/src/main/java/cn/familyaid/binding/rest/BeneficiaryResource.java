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

import java.util.List;

/** 扣款顺序: the beneficiary side orders their funders (R-BIND-5). */
@Path("/api/v1/beneficiaries/{psn_no}/deduction-order")
@Produces(MediaType.APPLICATION_JSON)
public class BeneficiaryResource {

    @Inject
    BindingService bindings;

    @Inject
    Caller caller;

    @PUT
    @RolesAllowed(Caller.PERSON)
    public List<BindingView> order(@PathParam("psn_no") String psnNo, @Valid @NotNull BindingRequests.Order body) {
        return bindings.reorder(psnNo, body.bindingIds(), caller.actor()).stream().map(BindingView::of).toList();
    }
}
