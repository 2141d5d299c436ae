package io.golib.net;

import java.net.InetSocketAddress;

/** Parses Go's {@code "host:port"} addresses ({@code "[::1]:80"} for IPv6), as net.SplitHostPort. */
final class HostPort {
    private HostPort() {}

    /**
     * The address {@code hostPort} names; an empty host means every interface (for a listener).
     *
     * @throws IllegalArgumentException if it is not {@code host:port} with a port in 0..65535
     */
    static InetSocketAddress parse(String hostPort) {
        if (hostPort == null) {
            throw new NullPointerException("address is null: expected host:port, e.g. 127.0.0.1:8080");
        }
        int colon = hostPort.lastIndexOf(':');
        if (colon < 0) {
            throw bad(hostPort, "missing port");
        }
        String host = hostPort.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.indexOf(':') >= 0) {
            throw bad(hostPort, "too many colons (write an IPv6 host in brackets: [::1]:80)");
        }
        int port;
        try {
            port = Integer.parseInt(hostPort.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw bad(hostPort, "the port is not a number");
        }
        if (port < 0 || port > 65535) {
            throw bad(hostPort, "the port is out of range 0..65535");
        }
        return host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
    }

    /**
     * {@link #parse}, with the host name looked up as a blocking call ({@code Go.withSyscall}):
     * a DNS query can take seconds, and the carrier's P goes on running other goroutines
     * meanwhile. Unresolved if the name is unknown.
     *
     * @throws IllegalArgumentException if it is not {@code host:port} with a port in 0..65535
     */
    static InetSocketAddress resolve(String hostPort) {
        return io.golib.Go.withSyscall(() -> parse(hostPort));
    }

    private static IllegalArgumentException bad(String hostPort, String why) {
        return new IllegalArgumentException("bad address \"" + hostPort + "\": " + why
                + "; expected host:port, e.g. 127.0.0.1:8080 or 127.0.0.1:0 for a free port");
    }
}
