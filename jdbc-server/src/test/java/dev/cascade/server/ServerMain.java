package dev.cascade.server;

import dev.cascade.server.ServerConfig.Serialization;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A foreground server for {@link SubprocessServerTest} (the launcher's {@code cascade server} command does the
 * same with its flags): {@code ServerMain DIR [PORT [protobuf|json]]}, loopback, shutdown hook installed.
 */
public final class ServerMain {
  private ServerMain() {
  }

  public static void main(String[] args) throws InterruptedException {
    int port = args.length > 1 ? Integer.parseInt(args[1]) : 0;
    Serialization serialization = args.length > 2 ? Serialization.valueOf(args[2].toUpperCase(Locale.ROOT))
        : Serialization.PROTOBUF;
    ServerConfig config = new ServerConfig(Path.of(args[0]), "127.0.0.1", port, Optional.empty(), Optional.empty(),
        Optional.empty(), serialization, false, Map.of());
    CascadeServer.start(config).installShutdownHook().join();
  }
}
