package dev.hallmark.cluster;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * This node's name among the nodes sharing the database, as recorded with what it does for all of
 * them (the CRLs it signed): the host, the process and a random part, so that two nodes in one
 * process (the tests) or two containers with one host name are told apart.
 */
public record NodeName(String value) {

    public static NodeName ofThisProcess() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        byte[] random = new byte[3];
        new SecureRandom().nextBytes(random);
        return new NodeName(host + "/" + ProcessHandle.current().pid() + "/" + HexFormat.of().formatHex(random));
    }

    @Override
    public String toString() {
        return value;
    }
}
