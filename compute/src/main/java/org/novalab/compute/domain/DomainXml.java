package org.novalab.compute.domain;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** Writes a {@link DomainDefinition} as libvirt domain XML and reads one back (also from {@code virsh dumpxml}). */
public final class DomainXml {
    private DomainXml() {
    }

    public static String write(DomainDefinition d) {
        Document doc = Xml.newDocument();
        Element domain = doc.createElement("domain");
        doc.appendChild(domain);
        domain.setAttribute("type", d.type());
        Xml.child(domain, "name", d.name());
        Xml.child(domain, "uuid", d.uuid().toString());
        Xml.child(domain, "memory", Long.toString(d.memoryKib())).setAttribute("unit", "KiB");
        Xml.child(domain, "vcpu", Integer.toString(d.vcpus()));
        Element os = Xml.child(domain, "os");
        Element type = Xml.child(os, "type", "hvm");
        type.setAttribute("arch", "x86_64");
        type.setAttribute("machine", "pc");
        Xml.child(os, "boot").setAttribute("dev", "hd");
        Xml.child(domain, "on_poweroff", "destroy");
        Xml.child(domain, "on_reboot", "restart");
        Xml.child(domain, "on_crash", "destroy");
        Element devices = Xml.child(domain, "devices");
        for (DiskDefinition disk : d.disks()) {
            writeDisk(devices, disk);
        }
        Element usb = Xml.child(devices, "controller");
        usb.setAttribute("type", "usb");
        usb.setAttribute("model", "none");
        d.consoleLog().ifPresent(log -> {
            Element serial = Xml.child(devices, "serial");
            serial.setAttribute("type", "file");
            Element source = Xml.child(serial, "source");
            source.setAttribute("path", log.toString());
            // keep what earlier boots printed, as the console of a stopped and restarted guest does in Nova
            source.setAttribute("append", "on");
            Xml.child(serial, "target").setAttribute("port", "0");
        });
        Xml.child(devices, "memballoon").setAttribute("model", "none");
        return Xml.serialize(doc);
    }

    /** One {@code <disk>} element alone, as libvirt's attach-device and detach-device take it. */
    public static String writeDisk(DiskDefinition disk) {
        Document doc = Xml.newDocument();
        Element holder = doc.createElement("devices");
        doc.appendChild(holder);
        writeDisk(holder, disk);
        Document one = Xml.newDocument();
        one.appendChild(one.importNode(holder.getFirstChild(), true));
        return Xml.serialize(one);
    }

    private static void writeDisk(Element devices, DiskDefinition disk) {
        Element e = Xml.child(devices, "disk");
        e.setAttribute("type", disk.source().libvirtType());
        e.setAttribute("device", "disk");
        Element driver = Xml.child(e, "driver");
        driver.setAttribute("name", "qemu");
        driver.setAttribute("type", disk.driverType());
        Element source = Xml.child(e, "source");
        if (disk.source() instanceof DiskSource.File f) {
            source.setAttribute("file", f.path().toString());
        } else if (disk.source() instanceof DiskSource.Rbd r) {
            source.setAttribute("protocol", "rbd");
            source.setAttribute("name", r.name());
            for (DiskSource.MonHost mon : r.hosts()) {
                Element host = Xml.child(source, "host");
                host.setAttribute("name", mon.name());
                mon.port().ifPresent(p -> host.setAttribute("port", Integer.toString(p)));
            }
            r.auth().ifPresent(a -> {
                Element auth = Xml.child(e, "auth");
                auth.setAttribute("username", a.username());
                Element secret = Xml.child(auth, "secret");
                secret.setAttribute("type", "ceph");
                secret.setAttribute("uuid", a.secretUuid().toString());
            });
        }
        Element target = Xml.child(e, "target");
        target.setAttribute("dev", disk.targetDev());
        target.setAttribute("bus", disk.bus());
        if (!disk.iotune().isEmpty()) {
            Element iotune = Xml.child(e, "iotune");
            disk.iotune().limits().forEach((key, value) -> Xml.child(iotune, key, Long.toString(value)));
        }
        disk.serial().ifPresent(serial -> Xml.child(e, "serial", serial));
        disk.encryption().ifPresent(enc -> {
            Element encryption = Xml.child(e, "encryption");
            encryption.setAttribute("format", enc.format());
            Element secret = Xml.child(encryption, "secret");
            secret.setAttribute("type", "passphrase");
            secret.setAttribute("uuid", enc.secretUuid().toString());
        });
    }

    public static DomainDefinition parse(String xml) {
        Element domain = Xml.parse(xml, "domain");
        String name = Xml.text(Xml.required(domain, "name"));
        UUID uuid = uuid(Xml.text(Xml.required(domain, "uuid")), "domain uuid");
        Element memory = Xml.required(domain, "memory");
        long kib = Math.multiplyExact(Long.parseLong(Xml.text(memory)), unitKib(Xml.attr(memory, "unit").orElse("KiB")));
        int vcpus = Integer.parseInt(Xml.text(Xml.required(domain, "vcpu")));
        List<DiskDefinition> disks = new ArrayList<>();
        Optional<Path> console = Optional.empty();
        Optional<Element> devices = Xml.first(domain, "devices");
        if (devices.isPresent()) {
            for (Element disk : Xml.all(devices.get(), "disk")) {
                if ("disk".equals(Xml.attr(disk, "device").orElse("disk"))) {
                    disks.add(parseDisk(disk));
                }
            }
            for (Element serial : Xml.all(devices.get(), "serial")) {
                if ("file".equals(serial.getAttribute("type")) && console.isEmpty()) {
                    console = Xml.first(serial, "source").flatMap(s -> Xml.attr(s, "path")).map(Path::of);
                }
            }
        }
        return new DomainDefinition(domain.getAttribute("type"), name, uuid, kib, vcpus, disks, console);
    }

    private static DiskDefinition parseDisk(Element disk) {
        String type = Xml.attr(disk, "type").orElse("file");
        Element source = Xml.required(disk, "source");
        DiskSource src;
        if (type.equals("file")) {
            src = new DiskSource.File(Path.of(Xml.requiredAttr(source, "file")));
        } else if (type.equals("network") && "rbd".equals(source.getAttribute("protocol"))) {
            String n = Xml.requiredAttr(source, "name");
            int slash = n.indexOf('/');
            if (slash <= 0) {
                throw new InvalidXml("rbd source name must be pool/image, not '" + n + "'");
            }
            List<DiskSource.MonHost> hosts = new ArrayList<>();
            for (Element host : Xml.all(source, "host")) {
                hosts.add(new DiskSource.MonHost(Xml.requiredAttr(host, "name"),
                        Xml.attr(host, "port").map(p -> port(p))));
            }
            Optional<DiskSource.CephAuth> auth = Xml.first(disk, "auth").map(a -> {
                Element secret = Xml.required(a, "secret");
                if (!"ceph".equals(secret.getAttribute("type"))) {
                    throw new InvalidXml("an rbd disk's auth secret must be of type ceph, not '"
                            + secret.getAttribute("type") + "'");
                }
                return new DiskSource.CephAuth(Xml.requiredAttr(a, "username"),
                        uuid(Xml.requiredAttr(secret, "uuid"), "auth secret uuid"));
            });
            src = new DiskSource.Rbd(n.substring(0, slash), n.substring(slash + 1), hosts, auth);
        } else {
            throw new InvalidXml("unsupported disk type '" + type + "'");
        }
        String driverType = Xml.first(disk, "driver").flatMap(d -> Xml.attr(d, "type")).orElse("raw");
        Element target = Xml.required(disk, "target");
        Optional<DiskEncryption> enc = Xml.first(disk, "encryption").map(e -> new DiskEncryption(
                Xml.requiredAttr(e, "format"),
                uuid(Xml.requiredAttr(Xml.required(e, "secret"), "uuid"), "secret uuid")));
        Optional<String> serial = Xml.first(disk, "serial").map(Xml::text).map(String::strip);
        java.util.Map<String, Long> limits = new java.util.LinkedHashMap<>();
        Xml.first(disk, "iotune").ifPresent(io -> {
            for (String key : IoTune.KEYS) {
                Xml.first(io, key).ifPresent(v -> limits.put(key, Long.parseLong(Xml.text(v).strip())));
            }
        });
        return new DiskDefinition(src, driverType, Xml.requiredAttr(target, "dev"),
                Xml.attr(target, "bus").orElse("virtio"), enc, serial, new IoTune(limits));
    }

    private static int port(String text) {
        try {
            int port = Integer.parseInt(text.strip());
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new InvalidXml("an rbd <host> port must be 1 to 65535, not '" + text + "'");
        }
    }

    private static long unitKib(String unit) {
        return switch (unit) {
            case "KiB", "k", "K" -> 1;
            case "MiB", "M" -> 1024;
            case "GiB", "G" -> 1024 * 1024;
            case "b", "bytes" -> throw new InvalidXml("memory in bytes is not supported");
            default -> throw new InvalidXml("unknown memory unit '" + unit + "'");
        };
    }

    private static UUID uuid(String s, String what) {
        try {
            return UUID.fromString(s);
        } catch (IllegalArgumentException e) {
            throw new InvalidXml("XML error: invalid " + what + " '" + s + "'");
        }
    }
}
