package io.kavsak.hub.parsing;

import java.util.Arrays;
import org.apache.tika.pipes.PipesServer;

/**
 * Main class of a text-extraction child started from the hub's Spring Boot executable jar: the jar's
 * {@code PropertiesLauncher} runs it with {@code -Dloader.main}, and Tika's {@code PipesClient} passes the
 * main class it expects, {@code org.apache.tika.pipes.PipesServer}, as the first argument, which is dropped.
 */
public final class BootJarPipesServer {

    private BootJarPipesServer() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || !args[0].equals(PipesServer.class.getName())) {
            throw new IllegalArgumentException("expected " + PipesServer.class.getName() + " and its arguments");
        }
        PipesServer.main(Arrays.copyOfRange(args, 1, args.length));
    }
}
