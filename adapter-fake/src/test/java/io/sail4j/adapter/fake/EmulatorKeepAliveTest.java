package io.sail4j.adapter.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

// A client that keeps hundreds of keep-alive connections (sail4j's pool holds up to 4,096) finds them
// still open for its next request: the emulator does not close connections past the JDK server's
// default idle cap of 200 right after answering.
class EmulatorKeepAliveTest {
    static final int CONNECTIONS = 300;

    @Test
    void hundredsOfKeepAliveConnectionsStayOpenBetweenRequests() throws IOException {
        try (SailEmulator emulator = SailEmulator.start()) {
            List<Socket> sockets = new ArrayList<>();
            try {
                for (int i = 0; i < CONNECTIONS; i++) {
                    Socket socket = new Socket();
                    socket.connect(new InetSocketAddress(emulator.baseUrl().getHost(), emulator.port()), 5_000);
                    socket.setSoTimeout(10_000);
                    sockets.add(socket);
                }
                for (Socket socket : sockets) {
                    assertEquals(200, exchange(socket), "first request");
                }
                // every connection is now idle at once; each must still carry a second request
                int answered = 0;
                for (Socket socket : sockets) {
                    if (exchange(socket) == 200) {
                        answered++;
                    }
                }
                assertEquals(CONNECTIONS, answered, "second requests answered on their kept-alive connections");
                assertEquals(2L * CONNECTIONS, emulator.counters().requests("GET /v1/models"));
            } finally {
                for (Socket socket : sockets) {
                    socket.close();
                }
            }
        }
    }

    /** Sends GET /v1/models and reads the answer; -1 when the server had closed the connection. */
    private static int exchange(Socket socket) throws IOException {
        OutputStream out = socket.getOutputStream();
        try {
            out.write(("GET /v1/models HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer sk_keepalive\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException closed) {
            return -1;
        }
        InputStream in = socket.getInputStream();
        String head = readHead(in);
        if (head == null) {
            return -1;
        }
        int length = 0;
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        in.readNBytes(length);
        return Integer.parseInt(head.split(" ")[1]);
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int state = 0;
        int b;
        try {
            while ((b = in.read()) >= 0) {
                head.write(b);
                state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
                if (state == 4) {
                    return head.toString(StandardCharsets.US_ASCII);
                }
            }
        } catch (IOException reset) {
            return null;
        }
        return null;
    }
}
