package org.novalab.api.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.novalab.compute.rpc.bus.TransportUrl;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.novalab.api.compute.host.ServiceGroup;
import org.novalab.api.server.ServerConfig;
import org.novalab.api.server.StorageSettings;
import org.novalab.compute.EncryptionChoice;
import org.novalab.disk.EncryptionFormat;

/** What a novalab.conf makes of the server, and the rules no single value shows. */
class ServerConfigsTest {
    @TempDir
    Path tmp;

    private ServerConfig from(String text, Map<String, String> env) throws Exception {
        Path f = Files.writeString(tmp.resolve("novalab.conf"), text);
        return ServerConfigs.from(EffectiveConfig.load(new EffectiveConfig.Inputs(List.of(f), List.of(), env,
                Map.of())), env);
    }

    @Test
    void glance_and_nova_rbd_options_put_the_images_and_the_rbd_disks_on_a_ceph_cluster() throws Exception {
        ServerConfig c = from("""
                [DEFAULT]
                show_image_direct_url = true
                [glance_store]
                stores = file, rbd
                default_store = rbd
                rbd_store_pool = glance-images
                rbd_store_user = client.glance
                rbd_store_ceph_conf = /etc/ceph/site.conf
                rbd_store_chunk_size = 4
                [libvirt]
                images_type = rbd
                images_rbd_pool = vms
                images_rbd_ceph_conf = /etc/ceph/site.conf
                rbd_user = nova
                rbd_secret_uuid = 457eb676-33da-42ec-9a8c-9293d545c337
                """, Map.of());

        StorageSettings.RbdPool glance = c.storage().glance().orElseThrow();
        assertThat(glance.pool()).isEqualTo("glance-images");
        assertThat(glance.order()).isEqualTo(22);
        assertThat(glance.client().confFile()).isEqualTo(Path.of("/etc/ceph/site.conf"));
        assertThat(glance.client().clientId()).isEqualTo("glance");
        StorageSettings.RbdPool disks = c.storage().disks().orElseThrow();
        assertThat(disks.pool()).isEqualTo("vms");
        assertThat(disks.client().clientId()).isEqualTo("nova");
        assertThat(c.storage().rbdSecretUuid()).contains(java.util.UUID.fromString("457eb676-33da-42ec-9a8c-9293d545c337"));
        assertThat(c.storage().showImageDirectUrl()).isTrue();
    }

    @Test
    void the_allocation_ratios_are_novas_initial_ones_unless_a_file_sets_them() throws Exception {
        assertThat(from("[DEFAULT]\n", Map.of()).scheduling()).isEqualTo(ServerConfig.Scheduling.NOVA_DEFAULTS)
                .isEqualTo(new ServerConfig.Scheduling(4.0, 1.0, 1.0, 3));
        assertThat(from("[DEFAULT]\ncpu_allocation_ratio = 16\nram_allocation_ratio = 1.5\n"
                + "disk_allocation_ratio = 0.9\n", Map.of()).scheduling())
                .isEqualTo(new ServerConfig.Scheduling(16.0, 1.5, 0.9, 3));
        assertThat(from("[scheduler]\nmax_attempts = 1\n", Map.of()).scheduling().maxAttempts())
                .as("no build retried").isEqualTo(1);
        assertThat(from("[DEFAULT]\n", Map.of()).scheduling().allowResizeToSameHost()).as("as devstack").isTrue();
        assertThat(from("[DEFAULT]\nallow_resize_to_same_host = False\n", Map.of()).scheduling()
                .allowResizeToSameHost()).as("as Nova's own default").isFalse();
        assertThatThrownBy(() -> from("[scheduler]\nmax_attempts = 0\n", Map.of()))
                .isInstanceOf(ConfigError.class).hasMessageContaining("max_attempts");
        assertThatThrownBy(() -> from("[DEFAULT]\ncpu_allocation_ratio = lots\n", Map.of()))
                .isInstanceOf(ConfigError.class).hasMessageContaining("cpu_allocation_ratio")
                .hasMessageContaining("expected a number, not 'lots'");
        assertThatThrownBy(() -> from("[DEFAULT]\nram_allocation_ratio = -1\n", Map.of()))
                .isInstanceOf(ConfigError.class).hasMessageContaining("expected a number >= 0.0, not -1");
    }

    @Test
    void the_embedded_default_keeps_images_and_disks_in_the_state_dirs_pool() throws Exception {
        assertThat(from("[DEFAULT]\n", Map.of()).storage()).isEqualTo(StorageSettings.EMBEDDED);
    }

    @Test
    void rbd_disks_without_glance_on_ceph_and_a_default_store_not_enabled_are_refused() {
        assertThatThrownBy(() -> from("[libvirt]\nimages_type = rbd\n", Map.of())).isInstanceOf(ConfigError.class)
                .hasMessageContaining("[libvirt] images_type: rbd needs Glance's images on the same Ceph cluster");
        assertThatThrownBy(() -> from("[glance_store]\nstores = file\ndefault_store = rbd\n", Map.of()))
                .isInstanceOf(ConfigError.class)
                .hasMessageContaining("[glance_store] default_store: 'rbd' is not among the enabled stores [file]");
        assertThatThrownBy(() -> from("[glance_store]\nstores = file, swift\n", Map.of()))
                .isInstanceOf(ConfigError.class).hasMessageContaining("novalab has the stores file and rbd, not 'swift'");
        assertThatThrownBy(() -> from("[libvirt]\nrbd_secret_uuid = nope\n", Map.of()))
                .isInstanceOf(ConfigError.class).hasMessageContaining("expected a libvirt secret's uuid");
    }

    @Test
    void a_file_sets_everything_serve_runs_with() throws Exception {
        ServerConfig c = from("""
                [DEFAULT]
                state_path = /var/lib/novalab
                instances_path = /var/lib/novalab/
                host = compute-7
                osapi_compute_listen = 127.0.0.1
                osapi_compute_listen_port = 0
                force_raw_images = false
                reclaim_instance_interval = 3600
                resize_confirm_window = 60
                shelved_offload_time = -1
                report_interval = 2
                service_down_time = 6

                [image_cache]
                manager_interval = 0
                subdirectory_name = cache
                remove_unused_base_images = no
                remove_unused_original_minimum_age_seconds = 600

                [libvirt]
                connection_uri = qemu:///session
                images_type = qcow2

                [ephemeral_storage_encryption]
                enabled = true
                default_format = qcow
                key_size = 256

                [glance]
                num_retries = 0

                [key_manager]
                master_key_file = /etc/novalab/master.key

                [keystone]
                admin_password = from-the-file

                [novalab]
                host_encryption = none
                """, Map.of());
        assertThat(c.stateDir()).isEqualTo(Path.of("/var/lib/novalab"));
        assertThat(c.host()).isEqualTo("compute-7");
        assertThat(c.port()).isZero();
        assertThat(c.hypervisorUri()).isEqualTo("qemu:///session");
        assertThat(c.masterKey()).isEqualTo(Path.of("/etc/novalab/master.key"));
        assertThat(c.adminPassword()).isEqualTo("from-the-file");
        assertThat(c.database().embeddedIn()).contains(Path.of("/var/lib/novalab"));
        assertThat(c.cacheAging()).isEqualTo(new ServerConfig.CacheAging(false, Duration.ofSeconds(600),
                Duration.ZERO));
        assertThat(c.reclaimInstanceInterval()).hasHours(1);
        assertThat(c.resizeConfirmWindow()).hasSeconds(60);
        assertThat(c.shelvedOffloadTime()).isEqualTo(-1);
        assertThat(c.serviceGroup()).isEqualTo(new ServiceGroup(Duration.ofSeconds(2), Duration.ofSeconds(6)));
        assertThat(c.hostSettings()).isEqualTo(new ServerConfig.HostSettings("127.0.0.1", false, "cache", 256,
                new EncryptionChoice.Defaults(true, EncryptionFormat.AES), 0,
                org.novalab.compute.host.OfferedEncryption.NONE));
    }

    @Test
    void without_a_file_the_defaults_are_what_serve_always_ran_with() {
        ServerConfig c = ServerConfigs.from(EffectiveConfig.load(new EffectiveConfig.Inputs(List.of(), List.of(),
                Map.of(), Map.of())), Map.of());
        assertThat(c.stateDir()).isEqualTo(Path.of("instances"));
        assertThat(c.port()).isEqualTo(8774);
        assertThat(c.hostSettings()).isEqualTo(ServerConfig.HostSettings.DEFAULTS);
        assertThat(c.hostSettings().ephemeralEncryption()).isEqualTo(EncryptionChoice.Defaults.NOVA);
        assertThat(c.cacheAging()).isEqualTo(ServerConfig.CacheAging.NOVA_DEFAULTS);
        assertThat(c.serviceGroup()).isEqualTo(ServiceGroup.NOVA_DEFAULTS);
    }

    @Test
    void a_service_down_time_not_above_the_report_interval_is_refused() {
        assertThatThrownBy(() -> from("[DEFAULT]\nreport_interval = 30\nservice_down_time = 30\n", Map.of()))
                .isInstanceOf(ConfigError.class).hasMessageContaining("service_down_time")
                .hasMessageContaining("report_interval");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "postgresql://nova:s3cret@db.example:5432/nova|jdbc:postgresql://db.example:5432/nova|nova|s3cret",
            "postgresql+psycopg2://nova:p%40ss@db/nova?sslmode=require|jdbc:postgresql://db/nova?sslmode=require|nova|p@ss",
            "postgresql://db/nova|jdbc:postgresql://db/nova|env-user|env-password",
            "postgresql:///nova|jdbc:postgresql://localhost/nova|env-user|env-password",
            "jdbc:postgresql://db/nova|jdbc:postgresql://db/nova|env-user|env-password",
            "jdbc:h2:file:/srv/novalab/db|jdbc:h2:file:/srv/novalab/db|env-user|env-password"})
    void database_connection_takes_novas_sqlalchemy_urls_and_jdbc(String url, String jdbc, String user,
                                                                  String password) throws Exception {
        ServerConfig c = from("[database]\nconnection = " + url + "\n",
                Map.of("NOVALAB_DB_USER", "env-user", "NOVALAB_DB_PASSWORD", "env-password"));
        assertThat(c.database().url()).isEqualTo(jdbc);
        assertThat(c.database().user()).isEqualTo(user);
        assertThat(c.database().password()).isEqualTo(password);
        assertThat(c.database().embeddedIn()).isEmpty();
    }

    @Test
    void sqlite_is_refused_with_what_to_use_instead() {
        assertThatThrownBy(() -> from("[database]\nconnection = sqlite:////var/lib/nova/nova.sqlite\n", Map.of()))
                .isInstanceOf(ConfigError.class).hasMessageContaining(":2: [database] connection: novalab has no "
                        + "SQLite: leave it unset for the embedded H2 database");
    }

    @Test
    void a_rabbit_transport_url_is_read_as_oslo_messaging_reads_it_and_its_password_is_never_repeated() throws Exception {
        ServerConfig c = from("[DEFAULT]\ntransport_url = rabbit://nova:gu%40stpw@mq:5673,mq2/\nrpc_response_timeout = 5\n"
                + "[oslo_messaging_rabbit]\nrabbit_retry_interval = 3\n", Map.of());
        TransportUrl url = c.messaging().transportUrl();
        assertThat(url.inJvm()).isFalse();
        assertThat(url.hosts()).extracting(TransportUrl.Host::hostname, TransportUrl.Host::port,
                TransportUrl.Host::username).containsExactly(tuple("mq", 5673, "nova"), tuple("mq2", 5672, "nova"));
        assertThat(new String(url.hosts().get(1).password())).as("percent-decoded, carried to the next host")
                .isEqualTo("gu@stpw");
        assertThat(url.virtualHostOrDefault()).as("an empty vhost is RabbitMQ's /").isEqualTo("/");
        assertThat(c.messaging().rpcResponseTimeout()).hasSeconds(5);
        assertThat(c.messaging().rabbit().retryInterval()).hasSeconds(3);
        assertThat(url.toString() + c).doesNotContain("gu@stpw").doesNotContain("gu%40stpw")
                .contains("rabbit://nova:***@mq:5673,nova:***@mq2:5672/");
        assertThat(NovalabOptions.TRANSPORT_URL.shown("rabbit://nova:guestpw@mq:5672/"))
                .isEqualTo("rabbit://nova:***@mq:5672/");
        assertThat(from("", Map.of()).messaging().transportUrl().inJvm()).as("unset: the in-JVM bus").isTrue();
        assertThat(catchMessage("[DEFAULT]\ntransport_url =\n")).as("empty is unset").isNull();
    }

    @Test
    void a_transport_url_novalab_cannot_speak_is_refused_without_its_password() {
        assertThat(catchMessage("[DEFAULT]\ntransport_url = kafka://u:secretpw@k:9092/\n"))
                .contains("[DEFAULT] transport_url").contains("novalab speaks rabbit").doesNotContain("secretpw");
        assertThat(catchMessage("[DEFAULT]\ntransport_url = rabbit://u:secretpw@mq:notaport/\n"))
                .contains("invalid port 'notaport'").doesNotContain("secretpw");
    }

    @Test
    void instances_path_must_be_the_state_dir_and_the_cache_directory_a_plain_name() {
        assertThat(catchMessage("[DEFAULT]\nstate_path = /srv/a\ninstances_path = /srv/b\n")).endsWith(
                ":3: [DEFAULT] instances_path: novalab keeps the instances in its state dir: it must be state_path "
                        + "(/srv/a), not /srv/b");
        assertThat(catchMessage("[image_cache]\nsubdirectory_name = ../elsewhere\n"))
                .contains(":2: [image_cache] subdirectory_name: expected a directory name");
        assertThat(catchMessage("[image_cache]\nsubdirectory_name = locks\n"))
                .contains("(no '/', not ., .., compute_nodes, locks, pool), not 'locks'");
        assertThat(catchMessage("[DEFAULT]\nhost = \"  \"\n")).endsWith(":2: [DEFAULT] host: must not be blank");
        assertThat(catchMessage("[DEFAULT]\nhost =\n")).as("empty in a file: unset, the machine's name").isNull();
        assertThat(catchMessage("[DEFAULT]\nosapi_compute_listen = 300.1.2.3\n")).endsWith(":2: [DEFAULT] "
                + "osapi_compute_listen: expected an IP address (0.0.0.0, 127.0.0.1, ::) or a host name this machine "
                + "resolves, not '300.1.2.3'");
    }

    private String catchMessage(String text) {
        try {
            from(text, Map.of());
            return null;
        } catch (ConfigError e) {
            return e.getMessage();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
