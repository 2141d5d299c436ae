/**
 * Non-blocking TCP for goroutines, Go's {@code net} package: {@link io.golib.net.TcpListener}
 * and {@link io.golib.net.TcpStream}. A blocking call parks the goroutine and the scheduler's
 * network poller (NIO's selector, installed on first use) readies it when the socket is ready,
 * as Go's netpoller does with epoll; read and write deadlines wake it with a
 * {@code SocketTimeoutException}.
 */
package io.golib.net;
