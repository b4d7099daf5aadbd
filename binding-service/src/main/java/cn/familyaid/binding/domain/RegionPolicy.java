package cn.familyaid.binding.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** A stored region policy row (a region, or a province as {@code xx0000}); see {@link Policy}. */
@Entity
@Table(name = "region_policy")
public class RegionPolicy extends PanacheEntityBase {
    @Id
    public String admdvs;
    @Column(name = "allowed_relations")
    public String allowedRelations;
    @Column(name = "cross_province_open")
    public boolean crossProvinceOpen;
    @Column(name = "retained_min_fen")
    public long retainedMinFen;
    @Column(name = "acceptance_required")
    public boolean acceptanceRequired;
    @Column(name = "extra_categories")
    public String extraCategories;
    public long version;
    @Column(name = "updated_by")
    public String updatedBy;
    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;

    public Set<Relation> relations() {
        Set<Relation> set = EnumSet.noneOf(Relation.class);
        Arrays.stream(allowedRelations.split(",")).filter(s -> !s.isBlank()).map(Relation::valueOf).forEach(set::add);
        return set;
    }

    public List<String> categories() {
        return Arrays.stream(extraCategories.split(",")).filter(s -> !s.isBlank()).toList();
    }

    public static String join(Set<Relation> relations) {
        return relations.stream().sorted().map(Enum::name).collect(Collectors.joining(","));
    }

    public Policy toPolicy(Policy.Source source) {
        return new Policy(admdvs, source, relations(), crossProvinceOpen, retainedMinFen, acceptanceRequired,
                categories(), version);
    }

    /** The policy in force for a person insured in {@code admdvs}: its row, else its province's row, else defaults. */
    public static Policy inForce(String admdvs) {
        RegionPolicy own = findById(admdvs);
        if (own != null) {
            return own.toPolicy(admdvs.endsWith("0000") ? Policy.Source.PROVINCE : Policy.Source.REGION);
        }
        RegionPolicy province = findById(Policy.provinceRow(admdvs));
        if (province != null) {
            return province.toPolicy(Policy.Source.PROVINCE);
        }
        return Policy.defaults(admdvs);
    }
}
