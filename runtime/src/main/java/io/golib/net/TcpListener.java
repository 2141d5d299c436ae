package io.golib.net;

import io.golib.Goroutine;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * A TCP listener, Go's {@code net.TCPListener}: {@link #accept} parks the goroutine until a
 * connection arrives (on a plain thread it blocks the thread).
 *
 * <pre>{@code
 * TcpListener l = TcpListener.bind("127.0.0.1:0");   // port 0: a free one
 * while (true) {
 *     TcpStream c = l.accept();
 *     Go.go(() -> serve(c));
 * }
 * }</pre>
 */
public final class TcpListener implements AutoCloseable {
    private final ServerSocketChannel channel;
    private final PollDesc pd;
    /** The bound address, kept so that it can still be asked after close (as Go's Addr). */
    private final InetSocketAddress local;

    private TcpListener(ServerSocketChannel channel) throws IOException {
        this.channel = channel;
        this.local = (InetSocketAddress) channel.getLocalAddress();
        this.pd = new PollDesc(channel);
    }

    /**
     * Listens on {@code hostPort} ({@code "127.0.0.1:0"} picks a free port; {@code ":8080"} every
     * interface).
     *
     * @throws IllegalArgumentException if the address is not {@code host:port}
     * @throws java.net.BindException if the address is in use or not local
     */
    public static TcpListener bind(String hostPort) throws IOException {
        InetSocketAddress addr = HostPort.resolve(hostPort);
        if (addr.isUnresolved()) {
            throw new java.net.UnknownHostException("listen " + hostPort + ": unknown host");
        }
        ServerSocketChannel ch = ServerSocketChannel.open();
        try {
            ch.bind(addr);
            return new TcpListener(ch);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /**
     * Waits for the next connection.
     *
     * @throws java.net.SocketException if the listener is closed (also while waiting)
     */
    @Goroutine
    public TcpStream accept() throws IOException {
        while (true) {
            pd.check(true);
            SocketChannel c = channel.accept();
            if (c != null) {
                try {
                    c.socket().setTcpNoDelay(true);
                    return new TcpStream(c);
                } catch (IOException | RuntimeException e) {
                    c.close();
                    throw e;
                }
            }
            pd.await(true, SelectionKey.OP_ACCEPT);
        }
    }

    /** The address listened on (with the port picked for port 0), also after {@link #close}. */
    public InetSocketAddress localAddress() {
        return local;
    }

    /** Stops listening; a goroutine blocked in {@link #accept} wakes with a
     *  {@code SocketException}. Closing again does nothing. */
    @Override
    public void close() {
        pd.closeSocket();
    }
}
