package org.novalab.compute.rpc.bus;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * oslo.messaging's {@code transport_url}: {@code driver://[user:pass@]host:port[,[user:pass@]host:port]/vhost}.
 * The user, password and virtual host are percent-decoded, as oslo.messaging unquotes them; a user and password
 * given on one host only hold for the hosts after it that name none. An empty url, or the {@code fake} driver,
 * is the in-JVM bus. The password is a secret: {@link #toString} masks it, and it is never logged.
 */
public final class TransportUrl {
    /** The in-JVM bus. */
    public static final TransportUrl IN_JVM = new TransportUrl("fake", List.of(), Optional.empty());

    public record Host(String hostname, int port, String username, char[] password) {
        @Override
        public String toString() {
            return (username.isEmpty() ? "" : username + ":***@") + hostname + ":" + port;
        }
    }

    private final String driver;
    private final List<Host> hosts;
    private final Optional<String> virtualHost;

    private TransportUrl(String driver, List<Host> hosts, Optional<String> virtualHost) {
        this.driver = driver;
        this.hosts = List.copyOf(hosts);
        this.virtualHost = virtualHost;
    }

    /** Parses {@code url}; a malformed one is refused with what is wrong, never with its password. */
    public static TransportUrl parse(String url) {
        if (url == null || url.isBlank()) {
            return IN_JVM;
        }
        String s = url.trim();
        int sep = s.indexOf("://");
        if (sep <= 0) {
            throw new IllegalArgumentException("transport_url must look like rabbit://user:pass@host:5672/vhost");
        }
        String driver = s.substring(0, sep);
        if (driver.equals("fake")) {
            return IN_JVM;
        }
        if (!driver.equals("rabbit")) {
            throw new IllegalArgumentException("transport_url names the driver '" + driver
                    + "'; novalab speaks rabbit (RabbitMQ) and fake (the in-JVM bus)");
        }
        String rest = s.substring(sep + 3);
        int query = rest.indexOf('?');
        if (query >= 0) {
            rest = rest.substring(0, query); // oslo.messaging's per-url options: none are read here
        }
        int slash = rest.indexOf('/');
        String netloc = slash < 0 ? rest : rest.substring(0, slash);
        Optional<String> vhost = slash < 0 || slash == rest.length() - 1 ? Optional.empty()
                : Optional.of(decode(rest.substring(slash + 1)));
        List<Host> hosts = new ArrayList<>();
        String user = "";
        char[] pass = new char[0];
        for (String part : netloc.split(",", -1)) {
            if (part.isBlank()) {
                throw new IllegalArgumentException("transport_url has an empty host");
            }
            String hostPort = part;
            int at = part.lastIndexOf('@');
            if (at >= 0) {
                String creds = part.substring(0, at);
                hostPort = part.substring(at + 1);
                int colon = creds.indexOf(':');
                user = decode(colon < 0 ? creds : creds.substring(0, colon));
                pass = colon < 0 ? new char[0] : decode(creds.substring(colon + 1)).toCharArray();
            }
            hosts.add(host(hostPort, user, pass));
        }
        return new TransportUrl(driver, hosts, vhost);
    }

    private static Host host(String hostPort, String user, char[] pass) {
        String name = hostPort;
        int port = 5672;
        int colon = hostPort.lastIndexOf(':');
        if (hostPort.startsWith("[")) { // [::1]:5672
            int close = hostPort.indexOf(']');
            name = hostPort.substring(1, close);
            colon = hostPort.indexOf(':', close);
        } else if (colon >= 0) {
            name = hostPort.substring(0, colon);
        }
        if (colon >= 0) {
            String p = hostPort.substring(colon + 1);
            try {
                port = Integer.parseInt(p);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("transport_url has an invalid port '" + p + "'");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("transport_url has an invalid port " + port);
            }
        }
        if (name.isBlank()) {
            throw new IllegalArgumentException("transport_url has a host without a name");
        }
        return new Host(name, port, user, pass);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    public boolean inJvm() {
        return driver.equals("fake");
    }

    public String driver() {
        return driver;
    }

    public List<Host> hosts() {
        return hosts;
    }

    /** The virtual host; none named is RabbitMQ's default {@code /} (kombu's reading of an empty path). */
    public String virtualHostOrDefault() {
        return virtualHost.orElse("/");
    }

    /** The url with every password masked: what {@code config show} and the logs may show. */
    @Override
    public String toString() {
        if (inJvm()) {
            return "fake://";
        }
        StringBuilder b = new StringBuilder(driver).append("://");
        for (int i = 0; i < hosts.size(); i++) {
            b.append(i == 0 ? "" : ",").append(hosts.get(i));
        }
        return b.append('/').append(virtualHost.orElse("")).toString();
    }
}
