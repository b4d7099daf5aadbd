package cn.familyaid.withdrawal.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.util.Arrays;

/** A region's policy as far as withdrawal cares: whether voluntary exit is a case there (R-WD-3). */
@Entity
@Table(name = "region_policy")
public class RegionPolicy extends PanacheEntityBase {
    public static final String VOLUNTARY_EXIT = "VOLUNTARY_EXIT";

    @Id
    public String admdvs;
    /** Comma-separated {@code extra_categories} of the latest policy. */
    @Column(name = "extra_categories")
    public String extraCategories;
    public long version;
    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;

    public boolean allows(String category) {
        return Arrays.asList(extraCategories.split(",")).contains(category);
    }
}
