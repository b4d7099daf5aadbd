package cn.familyaid.withdrawal.support;

import cn.familyaid.withdrawal.messaging.Events.KinshipChanged;
import cn.familyaid.withdrawal.messaging.Events.PersonChanged;
import cn.familyaid.withdrawal.messaging.Events.RegionPolicyChanged;
import cn.familyaid.withdrawal.service.RegistryService;
import io.quarkus.narayana.jta.QuarkusTransaction;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test persons applied straight to the local copies (as the consumers would; the consumers themselves are
 * tested over the broker in RegistryConsumersTest).
 */
public final class People {
    private static final AtomicInteger SEQ = new AtomicInteger();

    private People() {
    }

    public record Person(String psnNo, String name, String certno, String admdvs) {
    }

    public static Person employee(RegistryService registry, String admdvs) {
        return person(registry, admdvs, "310", "1", null);
    }

    public static Person person(RegistryService registry, String admdvs, String insutype, String stas,
                                LocalDate deathDate) {
        int n = SEQ.incrementAndGet();
        String psn = "P" + UUID.randomUUID().toString().replace("-", "").substring(0, 14);
        String certno = admdvs + "19800101" + String.format("%04d", n % 10000);
        Person p = new Person(psn, "测试" + n, certno, admdvs);
        update(registry, p, insutype, stas, deathDate, 1);
        return p;
    }

    public static void update(RegistryService registry, Person p, String insutype, String stas, LocalDate deathDate,
                              long version) {
        QuarkusTransaction.requiringNew().run(() -> registry.onPersonChanged(UUID.randomUUID(),
                new PersonChanged(p.psnNo, p.name, p.certno, insutype, stas, p.admdvs, deathDate, version)));
    }

    public static void die(RegistryService registry, Person p) {
        update(registry, p, "310", "4", LocalDate.of(2026, 11, 1), 2);
    }

    /** Records the kinship both ways: {@code relation} is what {@code relative} is to {@code p}. */
    public static void kin(RegistryService registry, Person p, Person relative, String relation, String back) {
        QuarkusTransaction.requiringNew().run(() -> {
            registry.onKinshipChanged(UUID.randomUUID(), new KinshipChanged(p.psnNo, relative.psnNo, relation, true));
            registry.onKinshipChanged(UUID.randomUUID(), new KinshipChanged(relative.psnNo, p.psnNo, back, true));
        });
    }

    public static void policy(RegistryService registry, String admdvs, List<String> extra, long version) {
        QuarkusTransaction.requiringNew().run(() -> registry.onRegionPolicyChanged(UUID.randomUUID(),
                new RegionPolicyChanged(admdvs, extra, version)));
    }
}
