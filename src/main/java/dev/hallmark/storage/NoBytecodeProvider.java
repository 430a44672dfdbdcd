package dev.hallmark.storage;

import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.hibernate.bytecode.spi.BytecodeProvider;
import org.hibernate.service.spi.ServiceContributor;

/**
 * Gives Hibernate its "no bytecode" provider instead of Byte Buddy: the entities have no associations, so no
 * generated proxy is ever needed, and Hibernate 7 picks its provider by service loading alone (the
 * {@code hibernate.bytecode.provider} setting is no longer read). Byte Buddy and the proxies it generates at boot
 * cost about 900 loaded classes and a share of the start-up (bench/STARTUP-RESULTS.md). An entity that one day
 * needs a lazy association fails at boot ("generation of proxies disabled") and this class goes.
 */
public final class NoBytecodeProvider implements ServiceContributor {

    @Override
    public void contribute(StandardServiceRegistryBuilder registry) {
        registry.addService(BytecodeProvider.class, new org.hibernate.bytecode.internal.none.BytecodeProviderImpl());
    }
}
