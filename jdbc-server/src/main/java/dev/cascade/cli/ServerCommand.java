package dev.cascade.cli;

import dev.cascade.server.CascadeServer;
import dev.cascade.server.ServerConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code cascade server}: the Avatica server in the foreground until SIGTERM or SIGINT, which close it (and the
 * store) cleanly through a shutdown hook.
 *
 * <p>Owned by the thread that runs the command line; the server's shutdown hook only calls
 * {@link CascadeServer#close()}, which is thread-safe.
 */
@Command(
    name = "server",
    description = "Run the Avatica JDBC server on a store in the foreground; Ctrl-C or SIGTERM stops it cleanly.",
    usageHelpAutoWidth = true,
    footer = {"", "Clients: 'cascade connect URL', or jdbc:cascade:remote:url=URL with cascade-jdbc-client.jar.",
        "A non-loopback --host needs --users (or --insecure)."})
final class ServerCommand implements Callable<Integer> {

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean helpRequested;

  @Option(names = "--data", paramLabel = "DIR", defaultValue = "./cascade-data",
      description = "Store directory (default: ${DEFAULT-VALUE}).")
  Path data;

  @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
      description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--port", paramLabel = "PORT", defaultValue = "8765",
      description = "TCP port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--users", paramLabel = "FILE", description = "Users file for BASIC/DIGEST authentication.")
  Path users;

  @Option(names = "--keystore", paramLabel = "FILE", description = "PKCS12 keystore: serve HTTPS.")
  Path keystore;

  @Option(names = "--keystore-password-file", paramLabel = "FILE",
      description = "File whose first line is the keystore password (required with --keystore).")
  Path keystorePasswordFile;

  @Option(names = "--serialization", paramLabel = "FORMAT", defaultValue = "protobuf",
      converter = SerializationConverter.class,
      description = "Wire format: protobuf or json (default: ${DEFAULT-VALUE}).")
  ServerConfig.Serialization serialization;

  @Option(names = "--auth", paramLabel = "SCHEME",
      description = "HTTP authentication with --users: ${COMPLETION-CANDIDATES} (default: BASIC).")
  ServerConfig.Authentication authentication;

  @Option(names = "--insecure", description = "Allow a non-loopback --host without authentication.")
  boolean insecure;

  @Option(names = "--store-setting", paramLabel = "KEY=VALUE",
      description = "Engine setting for the store, as jdbc:cascade: takes it (shards, durability, cacheBytes,"
          + " memtableBytes, createIfMissing); repeatable.")
  Map<String, String> storeSettings = new LinkedHashMap<>();

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    ServerConfig config = config();
    Logging.serverInfo();
    CascadeServer server;
    try {
      server = CascadeServer.start(config);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), UsageErrorHandler.firstLine(e.getMessage()), e);
    }
    // The server logs where it listens; SIGTERM and SIGINT run the hook, which closes the listener and the store.
    server.installShutdownHook();
    server.join();
    return 0;
  }

  /** The flags as a {@link ServerConfig}; option combinations picocli cannot check fail here. */
  ServerConfig config() {
    if (port < 0 || port > 65535) {
      throw new ParameterException(spec.commandLine(), "--port must be 0..65535, got " + port);
    }
    if (keystore != null && keystorePasswordFile == null) {
      throw new ParameterException(spec.commandLine(), "--keystore needs --keystore-password-file");
    }
    if (keystore == null && keystorePasswordFile != null) {
      throw new ParameterException(spec.commandLine(), "--keystore-password-file needs --keystore");
    }
    if (authentication != null && users == null) {
      throw new ParameterException(spec.commandLine(), "--auth needs --users");
    }
    CliChecks.readableFileOrNull(spec, users, "--users");
    CliChecks.readableFileOrNull(spec, keystore, "--keystore");
    CliChecks.readableFileOrNull(spec, keystorePasswordFile, "--keystore-password-file");
    return new ServerConfig(data, host, port, Optional.ofNullable(users), Optional.ofNullable(keystore),
        Optional.ofNullable(keystorePasswordFile), serialization, insecure, Map.copyOf(storeSettings),
        authentication == null ? ServerConfig.Authentication.BASIC : authentication);
  }
}
