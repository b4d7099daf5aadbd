package cn.familyaid.wallet.mapping;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** A page of entries, newest first; {@code next_before} continues with older ones. */
public record EntriesView(@JsonProperty("psn_no") String psnNo, List<EntryView> entries,
                          @JsonProperty("next_before") Long nextBefore) {
}
