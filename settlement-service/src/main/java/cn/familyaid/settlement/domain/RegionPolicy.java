package cn.familyaid.settlement.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/** The part of a region's policy settlement needs: extra eligible categories (R-SET-5). */
@Entity
@Table(name = "region_policy")
public class RegionPolicy extends PanacheEntityBase {
    @Id
    public String admdvs;
    @Column(name = "extra_categories")
    public String extraCategories;
    public long version;
    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;

    public Set<String> categories() {
        return parse(extraCategories);
    }

    /** The categories of an {@code extra_categories} column value (comma separated; null or blank: none). */
    public static Set<String> parse(String extraCategories) {
        if (extraCategories == null || extraCategories.isBlank()) {
            return Set.of();
        }
        return Arrays.stream(extraCategories.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    /** The region's own policy, else its province's ({@code xx0000}), else none. */
    public static Set<String> categoriesFor(String admdvs) {
        RegionPolicy p = findById(admdvs);
        if (p == null && admdvs != null && admdvs.length() == 6) {
            p = findById(admdvs.substring(0, 2) + "0000");
        }
        return p == null ? Set.of() : p.categories();
    }
}
