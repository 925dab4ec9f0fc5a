package org.novalab.lab.web;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.novalab.api.testing.Api;
import org.novalab.api.testing.LabServer;
import org.novalab.api.testing.TestServers;

/**
 * The five kinds of instance the classroom must draw, booted through the Nova API on a live server: a plain overlay
 * (flavor 1), a LUKS and a legacy-AES encrypted overlay, a boot from volume (a clone in the pool) and one in ERROR
 * (its image claims qcow2 but is raw: the host's image safety gate refuses it, and the build fails).
 */
record FiveInstances(String plain, String luks, String aes, String bfv, String error) {
    static final String LIAR_IMAGE = "claims-qcow2";

    static FiveInstances boot(LabServer lab) throws InterruptedException {
        Api admin = lab.admin();
        String plain = lab.boot("vm-plain", "1");
        String luks = lab.boot("vm-luks", LabServer.LUKS_FLAVOR);
        String aes = lab.boot("vm-aes", LabServer.LEGACY_AES_FLAVOR);
        String bfv = create(admin, new JsonObject().put("name", "vm-bfv").put("flavorRef", "1")
                .put("networks", "none").put("block_device_mapping_v2", new JsonArray().add(new JsonObject()
                        .put("boot_index", 0).put("uuid", TestServers.CIRROS).put("source_type", "image")
                        .put("destination_type", "volume").put("volume_size", 1)
                        .put("delete_on_termination", true))));
        admin.awaitStatus(bfv, "ACTIVE");
        String liar = TestServers.uploadImage(admin, LIAR_IMAGE, "qcow2", new byte[65536], Map.of());
        String error = create(admin, new JsonObject().put("name", "vm-error").put("flavorRef", "1")
                .put("imageRef", liar).put("networks", "none"));
        admin.awaitStatus(error, "ERROR");
        return new FiveInstances(plain, luks, aes, bfv, error);
    }

    private static String create(Api admin, JsonObject server) {
        Api.Response r = admin.send("POST", "/v2.1/servers", new JsonObject().put("server", server).encode(),
                Map.of("OpenStack-API-Version", "compute 2.79"));
        if (r.status() != 202) {
            throw new AssertionError("create of " + server.getString("name") + ": " + r.body());
        }
        return r.json().getJsonObject("server").getString("id");
    }
}
