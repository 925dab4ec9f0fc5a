package org.novalab.api.identity.domainconfig;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.io.Serializable;

/** One option of a domain's configuration: its value as JSON, sealed when the option is sensitive. */
@Entity
@Table(name = "keystone_domain_config")
public class DomainConfigEntity {
    @Embeddable
    public record Key(@Column(name = "domain_id") String domainId, @Column(name = "group_name") String group,
            @Column(name = "option_name") String option) implements Serializable {
    }

    @EmbeddedId
    private Key key;
    @Column(name = "option_value", nullable = false)
    private String value;
    @Column(nullable = false)
    private boolean sensitive;

    protected DomainConfigEntity() {
    }

    DomainConfigEntity(Key key, String value, boolean sensitive) {
        this.key = key;
        this.value = value;
        this.sensitive = sensitive;
    }

    public Key key() {
        return key;
    }

    String value() {
        return value;
    }

    boolean sensitive() {
        return sensitive;
    }

    void set(String newValue) {
        this.value = newValue;
    }
}
