package org.novalab.lab.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.novalab.api.testing.LabServer;

/**
 * The classroom page in a real browser (Debian's headless chromium) against a live server: logged in through the
 * URL fragment, an instance picked, the lab button pressed; the rendered DOM must show the flow, the tree, the
 * chain, the cluster picture, the XML, the secret's uuid, the console and the lab's table. The screenshot is saved
 * to {@code target/ui.png} for people to look at.
 */
@Tag("integration")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClassroomPageIT {
    @TempDir
    static Path state;
    LabServer lab;
    String token;
    String overlay;
    final HeadlessChromium chromium = new HeadlessChromium();

    @BeforeAll
    void start() throws Exception {
        lab = new LabServer(state);
        token = lab.admin().token();
        overlay = lab.boot("vm-aes", LabServer.LEGACY_AES_FLAVOR);
    }

    @AfterAll
    void stop() {
        lab.close();
    }

    private String page(boolean runLab) {
        return lab.baseUrl() + "/ui/#token=" + token + "&instance=" + overlay + (runLab ? "&runLab=1" : "");
    }

    @Test
    void without_a_token_the_page_asks_for_a_login() throws Exception {
        String dom = chromium.dumpDom(lab.baseUrl() + "/ui/", 3000);
        assertThat(dom).contains("<section id=\"login\">").contains("<main id=\"app\" hidden=\"\">");
    }

    @Test
    void an_instance_shows_its_whole_flow_and_the_lab_button_fills_the_table() throws Exception {
        String dom = chromium.dumpDom(page(true), 120_000);
        assertThat(dom).doesNotContain("<section id=\"instance\" hidden");
        assertThat(dom).contains("<b>Glance image</b>cirros-x86_64", "<b>_base file</b>", "<b>secret</b>",
                "<b>console</b>");
        assertThat(dom).contains("├── _base", "secret.xml");                       // the tree
        assertThat(dom).contains("file format: qcow2", "encrypted: yes", "format: aes");  // img info of the chain
        assertThat(dom).contains("class=\"c backing\"", "class=\"c top enc\"");          // the cluster picture
        assertThat(dom).containsPattern("id=\"secret-uuid\">[0-9a-f-]{36}<");
        assertThat(dom).contains("&lt;encryption format='qcow'&gt;");                  // the XML, escaped as text
        assertThat(dom).contains("novalab fixture guest: booted from disk");            // the console
        // the lab's table, every row matching
        assertThat(dom).contains("14 of 14 observations match their expectations.");
        assertThat(dom).contains("<td>aes-overlay-other</td>", "<td>luks-convert-other</td>",
                "Invalid password, cannot unlock any keyslot");
        assertThat(dom).doesNotContain("class=\"mismatch\"");
        assertThat(dom).contains("clusters in the file (encrypted)", "(removed when the start was refused)");
    }

    @Test
    void saves_a_screenshot_of_the_instance_view() throws Exception {
        Path png = Path.of("target", "ui.png");
        chromium.screenshot(page(false), 10_000, png, 1280, 2000);
        assertThat(Files.size(png)).isGreaterThan(20_000);
    }
}
