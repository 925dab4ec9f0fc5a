package org.novalab.lab;

import java.util.List;

/**
 * A sector as seen from one side: as stored in a file (maybe ciphertext) or as the guest reads it through the chain
 * with the case's key.
 *
 * @param where   which file and offset the bytes come from, or why there are none
 * @param hex     {@link HexPeek} lines; empty when the bytes could not be read (e.g. the key was refused)
 * @param verdict what the firmware makes of it: "boot program (55 AA)", "no boot signature", ...
 */
public record SectorView(String where, List<String> hex, String verdict) {
    public SectorView {
        hex = List.copyOf(hex);
    }

    public static SectorView unreadable(String where, String why) {
        return new SectorView(where, List.of(), why);
    }
}
