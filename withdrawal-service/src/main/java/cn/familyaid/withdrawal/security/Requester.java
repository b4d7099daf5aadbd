package cn.familyaid.withdrawal.security;

/** The caller as the services see it, taken from the token once by the resource. */
public record Requester(String role, String psnNo, String admdvs, String operator) {

    public static Requester of(Caller caller) {
        String role = caller.is(Caller.AGENCY) ? Caller.AGENCY : caller.is(Caller.PERSON) ? Caller.PERSON : "other";
        return new Requester(role, caller.psnNo(), caller.admdvs(), caller.operator());
    }

    public boolean isAgency() {
        return Caller.AGENCY.equals(role);
    }

    public boolean isPerson(String psn) {
        return Caller.PERSON.equals(role) && psn != null && psn.equals(psnNo);
    }

    public boolean covers(String region) {
        return isAgency() && RegionScope.covers(admdvs, region);
    }
}
