package cn.familyaid.withdrawal.support;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/** Applies the real test stack and the OIDC test server to every {@code @QuarkusTest}. */
@QuarkusTestResource(value = TestStack.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = OidcWiremockTestResource.class, restrictToAnnotatedClass = false)
public class StackProfile {
}
