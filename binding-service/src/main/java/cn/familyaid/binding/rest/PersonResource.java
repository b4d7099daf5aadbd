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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/persons/{psn_no}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "persons", description = "The insured-person registry, synced from the platforms")
public class PersonResource {

    @Inject
    PersonService persons;

    @Inject
    Caller caller;

    @PUT
    @RolesAllowed(Caller.PLATFORM)
    @Operation(operationId = "putPerson", summary = "Register or update an insured person",
            description = "By a platform whose `admdvs` scope covers the person's `insuplc_admdvs` (and, for a known"
                    + " person, their current one). A resident ID (`psn_cert_type` 01) must carry a valid check digit."
                    + " `death_date` or `psn_insu_stas` 4 ends every binding of the person and revokes the proxies"
                    + " they granted; an `insutype` other than 310 ends what they fund; 2 (paused) keeps bindings.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "employee",
            summary = "An employee-insured person in normal status", value = """
                    {"psn_name": "张三", "psn_cert_type": "01", "certno": "440305198001010013", "gend": "1",
                     "brdy": "1980-01-01", "insutype": "310", "psn_insu_stas": "1", "insuplc_admdvs": "440305"}""")))
    @APIResponse(responseCode = "201", description = "The person was registered (`certno` masked).",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PersonView.class)))
    @APIResponse(responseCode = "200", description = "The person was updated, or was already so (`certno` masked).",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PersonView.class)))
    @APIResponse(responseCode = "400", description = "`VALIDATION`: `psn_no` (1-30 letters or digits), `certno`"
            + " (resident ID check digit), `death_date` before `brdy`, or a field outside its rule.")
    @APIResponse(responseCode = "403", description = "`FORBIDDEN_REGION`: `insuplc_admdvs`, or the region the person is"
            + " insured in now, is outside the caller's scope.")
    @APIResponse(responseCode = "409", description = "`CONFLICT`: a concurrent change; nothing was written.")
    public Response put(@PathParam("psn_no") @Pattern(regexp = "[A-Za-z0-9]{1,30}", message = "must be 1-30 letters or digits") String psnNo,
                        @Valid @NotNull PersonRequest body) {
        caller.requireScope(body.insuplcAdmdvs());
        PersonService.Saved saved = persons.upsert(psnNo, body, caller.admdvs(), caller.operator());
        return Response.status(saved.created() ? 201 : 200).entity(PersonView.of(saved.person(), false)).build();
    }

    @GET
    @RolesAllowed({Caller.PERSON, Caller.PLATFORM, Caller.AGENCY})
    @Operation(operationId = "getPerson", summary = "Read an insured person",
            description = "The person themselves (`certno` unmasked), or a platform or agency whose scope covers the"
                    + " person's region (`certno` masked). A caller who may not read the person gets the same 403"
                    + " whether or not the person exists.")
    @APIResponse(responseCode = "200", description = "The person.")
    @APIResponse(responseCode = "403", description = "`FORBIDDEN_PERSON` (a person reads only their own record),"
            + " `FORBIDDEN_REGION` (not insured in a region of the caller's scope).")
    @APIResponse(responseCode = "404", description = "`NOT_FOUND` (told only to the person or a national-scope caller).")
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
