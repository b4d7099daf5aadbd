package cn.familyaid.binding.rest;

import cn.familyaid.binding.domain.Person;
import cn.familyaid.binding.mapping.PersonView;
import cn.familyaid.binding.problem.RuleViolation;
import cn.familyaid.binding.security.Caller;
import cn.familyaid.binding.service.PersonService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

@Path("/api/v1/persons/{psn_no}")
@Produces(MediaType.APPLICATION_JSON)
public class PersonResource {

    @Inject
    PersonService persons;

    @Inject
    Caller caller;

    @PUT
    @RolesAllowed(Caller.PLATFORM)
    public Response put(@PathParam("psn_no") @Pattern(regexp = "[A-Za-z0-9]{1,30}", message = "must be 1-30 letters or digits") String psnNo,
                        @Valid @NotNull PersonRequest body) {
        caller.requireScope(body.insuplcAdmdvs());
        PersonService.Saved saved = persons.upsert(psnNo, body, caller.admdvs(), caller.operator());
        return Response.status(saved.created() ? 201 : 200).entity(PersonView.of(saved.person(), false)).build();
    }

    @GET
    @RolesAllowed({Caller.PERSON, Caller.PLATFORM, Caller.AGENCY})
    public PersonView get(@PathParam("psn_no") String psnNo) {
        // who may not read the person gets the same 403 whether or not the psn_no exists (no probing)
        if (caller.isPerson(psnNo)) {
            return PersonView.of(persons.find(psnNo).orElseThrow(() -> RuleViolation.notFound("person " + psnNo)),
                    true);
        }
        if (caller.is(Caller.PERSON)) {
            throw RuleViolation.forbidden("FORBIDDEN_PERSON", "a person may read only their own record");
        }
        Person p = persons.find(psnNo).orElse(null);
        if (p == null) {
            // only a caller who may read every region learns that the person does not exist
            if (!caller.coversEveryRegion()) {
                throw RuleViolation.forbidden("FORBIDDEN_REGION",
                        "not a person insured in a region of the caller's scope");
            }
            throw RuleViolation.notFound("person " + psnNo);
        }
        caller.requireScope(p.insuplcAdmdvs);
        return PersonView.of(p, false);
    }
}
