package org.novalab.disk.info;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.novalab.disk.ImageInfo;

/** Renders {@link ImageInfo} as qemu-img 7.2 prints it: human text, or {@code --output=json}. */
public final class InfoPrinter {
    private InfoPrinter() {
    }

    public static String text(ImageInfo info) {
        StringBuilder sb = new StringBuilder();
        sb.append("image: ").append(info.filename()).append('\n');
        sb.append("file format: ").append(info.format().qemuName()).append('\n');
        sb.append("virtual size: ").append(QemuText.size(info.virtualSize())).append(" (").append(info.virtualSize())
                .append(" bytes)\n");
        sb.append("disk size: ").append(QemuText.size(info.actualSize())).append('\n');
        if (info.encrypted()) {
            sb.append("encrypted: yes\n");
        }
        if (info.clusterSize() != null) {
            sb.append("cluster_size: ").append(info.clusterSize()).append('\n');
        }
        if (info.dirty()) {
            sb.append("cleanly shut down: no\n");
        }
        if (info.backingFilename() != null) {
            sb.append("backing file: ").append(info.backingFilename());
            if (info.fullBackingFilename() != null && !info.fullBackingFilename().equals(info.backingFilename())) {
                sb.append(" (actual path: ").append(info.fullBackingFilename()).append(')');
            }
            sb.append('\n');
            if (info.backingFormat() != null) {
                sb.append("backing file format: ").append(info.backingFormat().qemuName()).append('\n');
            }
        }
        if (info.formatSpecific() != null) {
            sb.append("Format specific information:\n");
            dict(sb, info.formatSpecific(), 1);
        }
        return sb.toString();
    }

    private static void dict(StringBuilder sb, Map<String, Object> map, int level) {
        for (Map.Entry<String, Object> e : QDictOrder.order(map).entrySet()) {
            String key = e.getKey().replace('-', ' ');
            member(sb, key, e.getValue(), level);
        }
    }

    @SuppressWarnings("unchecked")
    private static void member(StringBuilder sb, String label, Object v, int level) {
        String pad = "    ".repeat(level);
        if (v instanceof Map<?, ?> m) {
            sb.append(pad).append(label).append(":\n");
            dict(sb, (Map<String, Object>) m, level + 1);
        } else if (v instanceof List<?> list) {
            sb.append(pad).append(label).append(":\n");
            for (int i = 0; i < list.size(); i++) {
                member(sb, "[" + i + "]", list.get(i), level + 1);
            }
        } else {
            sb.append(pad).append(label).append(": ").append(v).append('\n');
        }
    }

    /** {@code qemu-img info --backing-chain}: one block per file, top first, separated by blank lines. */
    public static String chainText(List<ImageInfo> chain) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < chain.size(); i++) {
            sb.append(i == 0 ? "" : "\n").append(text(chain.get(i)));
        }
        return sb.toString();
    }

    public static String chainJson(List<ImageInfo> chain) {
        return QemuJson.pretty(chain.stream().map(InfoPrinter::members).toList()) + "\n";
    }

    public static String json(ImageInfo info) {
        return QemuJson.pretty(members(info)) + "\n";
    }

    private static LinkedHashMap<String, Object> members(ImageInfo info) {
        LinkedHashMap<String, Object> m = new LinkedHashMap<>();
        m.put("filename", info.filename());
        m.put("format", info.format().qemuName());
        m.put("dirty-flag", info.dirty());
        m.put("actual-size", info.actualSize());
        m.put("virtual-size", info.virtualSize());
        if (info.clusterSize() != null) {
            m.put("cluster-size", info.clusterSize());
        }
        if (info.encrypted()) {
            m.put("encrypted", true);
        }
        if (info.backingFilename() != null) {
            m.put("backing-filename", info.backingFilename());
            m.put("full-backing-filename", info.fullBackingFilename());
            if (info.backingFormat() != null) {
                m.put("backing-filename-format", info.backingFormat().qemuName());
            }
        }
        if (info.formatSpecific() != null) {
            LinkedHashMap<String, Object> fs = new LinkedHashMap<>();
            fs.put("type", info.format().qemuName());
            fs.put("data", info.formatSpecific());
            m.put("format-specific", fs);
        }
        return m;
    }
}
