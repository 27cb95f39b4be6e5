package io.github.jdiskcache.testing;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** Runs system commands (mount, umount) for tests that need a file system of their own. */
public final class Commands {
    private Commands() {
    }

    /** True when the command exists and exits 0 within 30 s. */
    public static boolean succeeds(String... command) throws InterruptedException {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }
}
