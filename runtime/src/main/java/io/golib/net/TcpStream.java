package io.golib.net;

import io.golib.Goroutine;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Instant;
import java.util.Objects;

/**
 * A TCP connection, Go's {@code net.TCPConn}: blocking calls park the goroutine (the carrier runs
 * others) and the scheduler's network poller wakes it; on a plain thread they block the thread.
 * One goroutine may read while another writes; two readers (or two writers) at once are an
 * error, as concurrent reads of one Go connection are unordered.
 *
 * <pre>{@code
 * try (TcpStream c = TcpStream.connect("127.0.0.1:8080")) {
 *     c.write(request, 0, request.length);
 *     int n = c.read(buf, 0, buf.length);   // -1 at end of stream
 * }
 * }</pre>
 */
public final class TcpStream implements AutoCloseable {
    private final SocketChannel channel;
    private final PollDesc pd;

    TcpStream(SocketChannel channel) throws IOException {
        this.channel = channel;
        this.pd = new PollDesc(channel);
    }

    /**
     * Connects to {@code hostPort} ({@code "host:port"}), parking until the connection is made.
     *
     * @throws IllegalArgumentException if the address is not {@code host:port}
     * @throws java.net.ConnectException if the peer refuses the connection
     * @throws IOException on other failures (an unknown host, an unreachable network)
     */
    @Goroutine
    public static TcpStream connect(String hostPort) throws IOException {
        InetSocketAddress addr = HostPort.resolve(hostPort);
        if (addr.isUnresolved()) {
            throw new java.net.UnknownHostException("connect " + hostPort + ": unknown host");
        }
        SocketChannel ch = SocketChannel.open();
        TcpStream s;
        try {
            s = new TcpStream(ch);
            if (!ch.connect(addr)) {
                while (!ch.finishConnect()) {
                    s.pd.await(false, SelectionKey.OP_CONNECT);
                }
            }
        } catch (java.net.ConnectException e) {
            ch.close();
            // Go's "dial tcp 127.0.0.1:9: connect: connection refused": say where
            java.net.ConnectException named = new java.net.ConnectException("connect " + hostPort
                    + ": " + e.getMessage());
            named.initCause(e);
            throw named;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        ch.socket().setTcpNoDelay(true); // Go's default
        return s;
    }

    /**
     * Reads up to {@code len} bytes into {@code b[off..]}, parking until at least one byte is
     * there: the number read, or -1 at the end of the stream.
     *
     * @throws java.net.SocketTimeoutException if the read deadline passes first
     * @throws SocketException if the stream is closed
     */
    @Goroutine
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        ByteBuffer buf = ByteBuffer.wrap(b, off, len);
        while (true) {
            pd.check(true);
            int n = channel.read(buf);
            if (n != 0) {
                return n;
            }
            pd.await(true, SelectionKey.OP_READ);
        }
    }

    /**
     * Writes all {@code len} bytes of {@code b[off..]}, parking while the socket's buffer is full.
     *
     * @throws java.net.SocketTimeoutException if the write deadline passes first (some bytes
     *     may have been written)
     * @throws SocketException if the stream is closed
     */
    @Goroutine
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        ByteBuffer buf = ByteBuffer.wrap(b, off, len);
        while (buf.hasRemaining()) {
            pd.check(false);
            if (channel.write(buf) == 0) {
                pd.await(false, SelectionKey.OP_WRITE);
            }
        }
    }

    /** Go's SetReadDeadline: reads past it throw {@code SocketTimeoutException}; null clears it. */
    public void setReadDeadline(Instant deadline) {
        pd.setDeadline(deadline, true);
    }

    /** Go's SetWriteDeadline: writes past it throw {@code SocketTimeoutException}; null clears it. */
    public void setWriteDeadline(Instant deadline) {
        pd.setDeadline(deadline, false);
    }

    /** This end's address. */
    public InetSocketAddress localAddress() {
        try {
            return (InetSocketAddress) channel.getLocalAddress();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The peer's address. */
    public InetSocketAddress remoteAddress() {
        try {
            return (InetSocketAddress) channel.getRemoteAddress();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The stream's reads as an {@link InputStream} (closing it closes the stream). */
    public InputStream inputStream() {
        return new InputStream() {
            @Override
            @Goroutine
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = TcpStream.this.read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            @Goroutine
            public int read(byte[] b, int off, int len) throws IOException {
                return TcpStream.this.read(b, off, len);
            }

            @Override
            public void close() {
                TcpStream.this.close();
            }
        };
    }

    /** The stream's writes as an {@link OutputStream} (closing it closes the stream). */
    public OutputStream outputStream() {
        return new OutputStream() {
            @Override
            @Goroutine
            public void write(int b) throws IOException {
                TcpStream.this.write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            @Goroutine
            public void write(byte[] b, int off, int len) throws IOException {
                TcpStream.this.write(b, off, len);
            }

            @Override
            public void close() {
                TcpStream.this.close();
            }
        };
    }

    /** Closes the connection; goroutines blocked in it wake with a {@code SocketException}.
     *  Closing again does nothing. */
    @Override
    public void close() {
        pd.closeSocket();
    }
}
