package org.novalab.compute.domain;

/**
 * A domain definition and its XML, serialized once: the same text goes to {@code libvirt.xml} and to libvirt's
 * {@code virDomainDefineXML}, and the model stays at hand for whoever needs to read it (the boot emulation).
 */
public record DomainDocument(DomainDefinition definition, String xml) {
    public static DomainDocument of(DomainDefinition definition) {
        return new DomainDocument(definition, DomainXml.write(definition));
    }

    public String name() {
        return definition.name();
    }
}
