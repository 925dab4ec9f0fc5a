package org.novalab.dist.tutorial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TutorialScriptTest {
    private static final String DOC = """
            # A tutorial

            ```sh
            echo not marked, not run
            ```

            <!-- server -->
            ```sh
            novalab serve --port 8774
            ```

            <!-- run -->
            ```sh
            novalab virsh secret-define secret.xml
            ```

            ```text
            Secret 3f8475e9-868c-4543-a510-7f668ba83d46 created
            ```

            <!-- run -->
            ```sh
            cat > secret.xml <<EOF
            <secret ephemeral='no' private='yes'/>
            EOF
            ```
            """;

    @Test
    void only_marked_sh_blocks_are_steps_and_a_following_text_block_is_their_output() {
        TutorialScript script = TutorialScript.parse(DOC);
        assertThat(script.steps()).hasSize(2);
        assertThat(script.steps().get(0).commands()).isEqualTo("novalab virsh secret-define secret.xml");
        assertThat(script.steps().get(0).expectedOutput()).contains(
                "Secret 3f8475e9-868c-4543-a510-7f668ba83d46 created");
        assertThat(script.steps().get(1).commands()).contains("<secret ephemeral='no' private='yes'/>");
        assertThat(script.steps().get(1).expectedOutput()).isEmpty();
        assertThat(script.serverCommand()).contains("novalab serve --port 8774");
    }

    @Test
    void a_mark_without_a_shell_block_is_an_error_in_the_doc() {
        assertThatThrownBy(() -> TutorialScript.parse("<!-- run -->\n```text\nx\n```\n"))
                .hasMessageContaining("must be followed by a ```sh block");
    }

    @Test
    void key_lines_ignore_uuids_and_spacing_but_not_outcomes() {
        String doc = " Id   Name     State\n -    encry2   shut off\nSecret 3f8475e9-868c-4543-a510-7f668ba83d46 created";
        String fresh = "Secret 11111111-2222-3333-4444-555555555555 created\n";
        assertThat(KeyLines.missing("Secret 3f8475e9-868c-4543-a510-7f668ba83d46 created", fresh)).isEmpty();
        assertThat(KeyLines.missing(doc, " Id Name State\n - encry2 running\n" + fresh))
                .containsExactly("- encry2 shut off");
    }

    @Test
    void key_lines_must_come_in_the_documented_order() {
        assertThat(KeyLines.missing("first\nsecond", "second\nfirst")).containsExactly("second");
    }

    @Test
    void key_lines_ignore_where_the_run_happened_and_how_wide_virsh_ruled_its_table() {
        String doc = " UUID   Usage\n--------------------------\n 3f8475e9-868c-4543-a510-7f668ba83d46   volume /root/tutorial/encry2.qcow2";
        String fresh = " UUID   Usage\n-------------------------------------\n"
                + " 11111111-2222-3333-4444-555555555555   volume /tmp/junit-1/run/encry2.qcow2\n";
        assertThat(KeyLines.missing(doc, fresh)).isEmpty();
        assertThat(KeyLines.missing(doc, fresh.replace("encry2.qcow2", "encry3.qcow2"))).hasSize(1);
    }
}
