package org.novalab.disk.map;

import java.util.List;
import org.novalab.disk.UnsupportedImage;
import org.novalab.disk.info.QemuText;

/** {@code qemu-img map} output, human and {@code --output=json}. */
public final class MapPrinter {
    private MapPrinter() {
    }

    public static String json(List<MapExtent> extents) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < extents.size(); i++) {
            MapExtent e = extents.get(i);
            sb.append(i == 0 ? "" : ",\n");
            sb.append("{ \"start\": ").append(e.start()).append(", \"length\": ").append(e.length())
                    .append(", \"depth\": ").append(e.depth()).append(", \"present\": ").append(e.present())
                    .append(", \"zero\": ").append(e.zero()).append(", \"data\": ").append(e.data());
            if (e.offset() >= 0) {
                sb.append(", \"offset\": ").append(e.offset());
            }
            sb.append('}');
        }
        return sb.append("]\n").toString();
    }

    public static String text(List<MapExtent> extents) {
        StringBuilder sb = new StringBuilder(String.format("%-16s%-16s%-16s%s%n", "Offset", "Length", "Mapped to",
                "File"));
        for (MapExtent e : extents) {
            if (e.data() && e.offset() < 0) {
                throw new UnsupportedImage("File contains external, encrypted or compressed clusters.");
            }
            if (e.data()) {
                sb.append(String.format("%-16s%-16s%-16s%s%n", QemuText.hexAlt(e.start()),
                        QemuText.hexAlt(e.length()), QemuText.hexAlt(e.offset()), e.filename()));
            }
        }
        return sb.toString();
    }
}
