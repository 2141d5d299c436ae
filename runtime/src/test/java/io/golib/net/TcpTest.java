package io.golib.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.golib.Go;
import io.golib.chan.Chan;
import io.golib.sync.WaitGroup;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * TCP through the scheduler's network poller: goroutines park in accept, read and write while
 * the carriers run others; deadlines, close and end of stream as in Go's net package.
 */
class TcpTest {

    /** Reads exactly {@code n} bytes (a short read is normal for TCP). */
    @io.golib.Goroutine
    private static byte[] readFully(TcpStream c, int n) throws Exception {
        byte[] b = new byte[n];
        int got = 0;
        while (got < n) {
            int r = c.read(b, got, n - got);
            if (r < 0) {
                throw new AssertionError("end of stream after " + got + " of " + n + " bytes");
            }
            got += r;
        }
        return b;
    }

    @Test
    void echoesBetweenGoroutines() {
        Go.run(() -> {
            try (TcpListener l = TcpListener.bind("127.0.0.1:0")) {
                assertTrue(l.localAddress().getPort() > 0, "port 0 picks a free port");
                Go.go(() -> {
                    try (TcpStream c = l.accept()) {
                        byte[] b = new byte[64];
                        int n;
                        while ((n = c.read(b, 0, b.length)) > 0) {
                            c.write(b, 0, n);
                        }
                    }
                });
                try (TcpStream c = TcpStream.connect("127.0.0.1:" + l.localAddress().getPort())) {
                    byte[] msg = "hello, gopher".getBytes(StandardCharsets.UTF_8);
                    c.write(msg, 0, msg.length);
                    assertArrayEquals(msg, readFully(c, msg.length));
                }
            }
        });
    }

    /** Like Go's Listener.Addr, the address can still be asked once the listener is closed. */
    @Test
    void aClosedListenerStillKnowsItsAddress() throws Exception {
        TcpListener l = TcpListener.bind("localhost:0"); // a name: looked up in a system call
        int port = l.localAddress().getPort();
        l.close();
        assertEquals(port, l.localAddress().getPort());
    }

    /** Many connections at once on one carrier: each waiting goroutine holds no thread. */
    @Test
    void manyConnectionsOnOneCarrier() {
        int before = Go.gomaxprocs();
        Go.setGomaxprocs(1);
        try {
            Go.run(() -> {
                int clients = 200;
                int rounds = 20;
                try (TcpListener l = TcpListener.bind("127.0.0.1:0")) {
                    String addr = "127.0.0.1:" + l.localAddress().getPort();
                    Go.go(() -> {
                        for (int i = 0; i < clients; i++) {
                            TcpStream c = l.accept();
                            Go.go(() -> {
                                try (c) {
                                    byte[] b = new byte[4];
                                    for (int r = 0; r < rounds; r++) {
                                        byte[] got = readFully(c, 4);
                                        got[3]++;
                                        c.write(got, 0, 4);
                                    }
                                }
                            });
                        }
                    });
                    WaitGroup wg = new WaitGroup();
                    AtomicInteger ok = new AtomicInteger();
                    for (int i = 0; i < clients; i++) {
                        int id = i;
                        wg.add(1);
                        Go.go(() -> {
                            try (TcpStream c = TcpStream.connect(addr)) {
                                byte[] b = {(byte) id, (byte) (id >> 8), 0, 0};
                                for (int r = 0; r < rounds; r++) {
                                    c.write(b, 0, 4);
                                    b = readFully(c, 4);
                                }
                                if ((b[0] & 0xff | (b[1] & 0xff) << 8) == id && b[3] == rounds) {
                                    ok.incrementAndGet();
                                }
                            } finally {
                                wg.done();
                            }
                        });
                    }
                    wg.await();
                    assertEquals(clients, ok.get());
                }
            });
        } finally {
            Go.setGomaxprocs(before);
        }
    }

    /** A goroutine blocked in accept or read does not hold up the others (GOMAXPROCS 1). */
    @Test
    void waitingForIoLetsOthersRun() {
        int before = Go.gomaxprocs();
        Go.setGomaxprocs(1);
        try {
            Go.run(() -> {
                try (TcpListener l = TcpListener.bind("127.0.0.1:0")) {
                    Chan<String> accepted = Chan.make(1);
                    Go.go(() -> {
                        try {
                            l.accept();
                        } catch (SocketException e) {
                            accepted.send("closed: " + e.getMessage());
                        }
                    });
                    long sum = 0;
                    for (int i = 0; i < 1000; i++) {
                        Go.gosched();
                        sum += i;
                    }
                    assertEquals(499500, sum);
                    l.close(); // wakes the goroutine parked in accept
                    assertEquals("closed: use of closed network connection", accepted.recv());
                }
            });
        } finally {
            Go.setGomaxprocs(before);
        }
    }

    @Test
    void readDeadlineTimesOutThenClears() {
        Go.run(() -> {
            try (TcpListener l = TcpListener.bind("127.0.0.1:0")) {
                Chan<TcpStream> server = Chan.make(1);
                Go.go(() -> server.send(l.accept()));
                try (TcpStream c = TcpStream.connect("127.0.0.1:" + l.localAddress().getPort());
                        TcpStream s = server.recv()) {
                    byte[] b = new byte[8];
                    c.setReadDeadline(Instant.now().plusMillis(50));
                    long t0 = System.nanoTime();
                    assertThrows(SocketTimeoutException.class, () -> c.read(b, 0, 8));
                    long waited = System.nanoTime() - t0;
                    assertTrue(waited >= Duration.ofMillis(40).toNanos(), "waited " + waited);
                    // a passed deadline fails at once; clearing it lets the read wait again
                    assertThrows(SocketTimeoutException.class, () -> c.read(b, 0, 8));
                    c.setReadDeadline(null);
                    s.write(new byte[] {42}, 0, 1);
                    assertEquals(1, c.read(b, 0, 8));
                    assertEquals(42, b[0]);
                }
            }
        });
    }

    @Test
    void closeWakesABlockedReaderAndPeerSeesEndOfStream() {
        Go.run(() -> {
            try (TcpListener l = TcpListener.bind("127.0.0.1:0")) {
                Chan<TcpStream> server = Chan.make(1);
                Go.go(() -> server.send(l.accept()));
                TcpStream c = TcpStream.connect("127.0.0.1:" + l.localAddress().getPort());
                TcpStream s = server.recv();
                Chan<String> result = Chan.make(1);
                Go.go(() -> {
                    try {
                        c.read(new byte[4], 0, 4);
                        result.send("read returned");
                    } catch (SocketException e) {
                        result.send("closed");
                    }
                });
                Go.sleep(Duration.ofMillis(20)); // let it park in read
                c.close();
                assertEquals("closed", result.recv());
                assertEquals(-1, s.read(new byte[4], 0, 4), "the peer reads end of stream");
                assertThrows(SocketException.class, () -> c.write(new byte[1], 0, 1));
                c.close(); // again: nothing
                s.close();
            }
        });
    }

    /** A plain thread and a goroutine talk over TCP, both directions, through the streams. */
    @Test
    void plainThreadAndGoroutineInteroperate() throws Exception {
        try (TcpListener l = TcpListener.bind("127.0.0.1:0")) {
            int port = l.localAddress().getPort();
            Thread server = new Thread(() -> {
                try (TcpStream c = l.accept()) {
                    InputStream in = c.inputStream();
                    OutputStream out = c.outputStream();
                    int b;
                    while ((b = in.read()) >= 0) {
                        out.write(Character.toUpperCase(b));
                    }
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            server.start();
            String got = Go.call(() -> {
                try (TcpStream c = TcpStream.connect("127.0.0.1:" + port)) {
                    byte[] msg = "plain".getBytes(StandardCharsets.US_ASCII);
                    c.write(msg, 0, msg.length);
                    return new String(readFully(c, msg.length), StandardCharsets.US_ASCII);
                }
            });
            assertEquals("PLAIN", got);
            server.join(10_000);
        }
    }

    @Test
    void badAddressesAndRefusedConnections() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TcpListener.bind("127.0.0.1"));
        assertTrue(e.getMessage().contains("host:port"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TcpStream.connect("127.0.0.1:99999"));
        assertThrows(IllegalArgumentException.class, () -> TcpStream.connect("::1:80"));
        Go.run(() -> {
            int port;
            try (TcpListener l = TcpListener.bind("127.0.0.1:0")) {
                port = l.localAddress().getPort();
            }
            ConnectException refused = assertThrows(ConnectException.class,
                    () -> TcpStream.connect("127.0.0.1:" + port));
            assertTrue(refused.getMessage().startsWith("connect 127.0.0.1:" + port + ": "),
                    refused.getMessage()); // says where, as Go's "dial tcp ...: connect: ..."
        });
    }
}
