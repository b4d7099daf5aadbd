package cn.familyaid.wallet.security;

/**
 * Scope of an {@code admdvs} claim (root README, Contract conventions): 000000 national, xx0000 a province, else
 * one region.
 */
public final class RegionScope {
    private RegionScope() {
    }

    public static boolean covers(String scope, String region) {
        if (scope == null || region == null || scope.length() != 6 || region.length() != 6) {
            return false;
        }
        if (scope.equals("000000")) {
            return true;
        }
        if (scope.endsWith("0000")) {
            return region.startsWith(scope.substring(0, 2));
        }
        return scope.equals(region);
    }

    /** A person's province: the first two digits of the insured place. */
    public static String province(String admdvs) {
        return admdvs.substring(0, 2);
    }
}
