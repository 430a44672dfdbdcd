package dev.hallmark.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hallmark.support.ServiceTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The plain HTTP port (CRLs, OCSP) keeps connections open like the HTTPS port does. */
class PlainHttpConnectorTests extends ServiceTest {

    @Test
    void getWhenManyRequestsOnOneConnectionThenConnectionStaysOpenBeyondTomcatsDefaultOf100() throws IOException {
        try (Socket socket = new Socket("localhost", plainHttpPort.port())) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            for (int i = 1; i <= 150; i++) {
                out.write("GET /ca/root.pem HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String head = readHead(in).toLowerCase(Locale.ROOT);
                assertThat(head).as("response %d", i).startsWith("http/1.1 200").doesNotContain("connection: close");
                in.readNBytes(contentLength(head));
            }
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            assertThat(b).as("connection closed by the server").isNotNegative();
            head.write(b);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    private static int contentLength(String head) {
        int at = head.indexOf("content-length:");
        return Integer.parseInt(head.substring(at + 15, head.indexOf("\r\n", at)).strip());
    }
}
