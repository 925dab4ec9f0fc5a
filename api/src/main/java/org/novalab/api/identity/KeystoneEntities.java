package org.novalab.api.identity;

import java.util.List;
import org.novalab.api.identity.catalog.EndpointEntity;
import org.novalab.api.identity.catalog.EndpointGroupEntity;
import org.novalab.api.identity.catalog.EndpointGroupProjectEntity;
import org.novalab.api.identity.catalog.RegionEntity;
import org.novalab.api.identity.credential.CredentialEntity;
import org.novalab.api.identity.domainconfig.DomainConfigEntity;
import org.novalab.api.identity.oauth1.ConsumerEntity;
import org.novalab.api.identity.policy.PolicyEntity;
import org.novalab.api.identity.catalog.CatalogServiceEntity;

/** The entities of Keystone's resources beyond users, projects, roles and tokens: the catalog and the rest. */
public final class KeystoneEntities {
    public static final List<Class<?>> LIST = List.of(RegionEntity.class, CatalogServiceEntity.class, EndpointEntity.class,
            EndpointGroupEntity.class, EndpointGroupProjectEntity.class, PolicyEntity.class, CredentialEntity.class,
            ConsumerEntity.class, DomainConfigEntity.class, ApplicationCredentialEntity.class);

    private KeystoneEntities() {
    }
}
