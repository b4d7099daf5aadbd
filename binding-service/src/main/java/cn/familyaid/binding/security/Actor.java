package cn.familyaid.binding.security;

/**
 * The caller as the services see it: one role and the claims that scope it, plus the operator
 * recorded with what they do (R-BIND-7). Plain data, usable outside the request scope.
 */
public record Actor(String role, String psnNo, String admdvs, String operator) {

    public boolean is(String r) {
        return role.equals(r);
    }

    public boolean isPerson(String psn) {
        return Caller.PERSON.equals(role) && psnNo != null && psnNo.equals(psn);
    }

    /** Platform or agency with the national scope ({@code 000000}): may read a person of any region. */
    public boolean coversEveryRegion() {
        return (Caller.PLATFORM.equals(role) || Caller.AGENCY.equals(role)) && RegionScope.NATIONAL.equals(admdvs);
    }

    /** Platform or agency whose {@code admdvs} scope covers the region. */
    public boolean covers(String region) {
        return (Caller.PLATFORM.equals(role) || Caller.AGENCY.equals(role)) && RegionScope.covers(admdvs, region);
    }
}
