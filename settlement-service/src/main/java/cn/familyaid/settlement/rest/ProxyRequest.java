package cn.familyaid.settlement.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** 代买药 (R-SET-4): who buys for the patient; recorded with the settlement, certno masked in answers. */
public record ProxyRequest(
        @JsonProperty("psn_name") @NotBlank @Size(max = 50) String psnName,
        @NotBlank @Size(max = 32) String certno,
        @NotBlank @Pattern(regexp = "SPOUSE|PARENT|CHILD|SIBLING|GRANDPARENT|GRANDCHILD|OTHER",
                message = "must be SPOUSE, PARENT, CHILD, SIBLING, GRANDPARENT, GRANDCHILD or OTHER") String relation) {
}
