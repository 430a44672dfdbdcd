package dev.hallmark.support;

import java.nio.file.Path;

/** Runs a bash script (curl, openssl) in a directory, as a device with nothing else would. */
public final class Shell {

    private Shell() {
    }

    /** Runs with {@code set -euo pipefail}; the result carries stdout, stderr and the exit code. */
    public static Tools.Result run(Path dir, String script) {
        Tools.require("curl");
        Tools.require("openssl");
        return Tools.run(dir, "bash", "-c", "set -euo pipefail\n" + script);
    }
}
