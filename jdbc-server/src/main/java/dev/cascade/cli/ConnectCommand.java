package dev.cascade.cli;

import dev.cascade.server.ServerConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cascade connect [URL]}: sqlline against a running {@code cascade server} through the remote driver.
 *
 * <p>Owned by the thread that runs the command line.
 */
@Command(
    name = "connect",
    description = "Run sqlline against a Cascade server at URL.",
    usageHelpAutoWidth = true)
final class ConnectCommand implements Callable<Integer> {

  /** The remote driver's URL prefix; what follows is {@code url=...[;key=value]}. */
  static final String REMOTE_PREFIX = dev.cascade.client.CascadeRemoteDriver.PREFIX;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean helpRequested;

  @Parameters(index = "0", arity = "0..1", paramLabel = "URL", defaultValue = "http://localhost:8765",
      description = "Server address, http:// or https:// (default: ${DEFAULT-VALUE}).")
  String url;

  @Option(names = {"-u", "--user"}, paramLabel = "USER", defaultValue = "",
      description = "User name, when the server requires authentication.")
  String user;

  @Option(names = {"-p", "--password"}, paramLabel = "PASSWORD", defaultValue = "",
      description = "Password for USER.")
  String password;

  @Option(names = "--auth", paramLabel = "SCHEME",
      description = "HTTP authentication the server uses: ${COMPLETION-CANDIDATES} (default: BASIC with --user).")
  ServerConfig.Authentication authentication;

  @Option(names = "--serialization", paramLabel = "FORMAT", defaultValue = "protobuf",
      description = "Wire format the server speaks: protobuf or json (default: ${DEFAULT-VALUE}).")
  String serialization;

  @Mixin SqlLineOptions sqlline;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    return sqlline.run(spec, jdbcUrl(), user, password);
  }

  /** {@code jdbc:cascade:remote:url=URL;serialization=...[;authentication=...]}, after checking URL and the format. */
  String jdbcUrl() {
    String format = serialization.toLowerCase(Locale.ROOT);
    if (!format.equals("protobuf") && !format.equals("json")) {
      throw new ParameterException(spec.commandLine(), "--serialization: expected protobuf or json, got '"
          + serialization + "'");
    }
    String auth = authentication == null ? "" : ";authentication=" + authentication.name();
    return REMOTE_PREFIX + "url=" + checkedUrl() + ";serialization=" + format + auth;
  }

  private String checkedUrl() {
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || url.contains(";")) {
        throw new ParameterException(spec.commandLine(), "URL must look like http://HOST:PORT or https://HOST:PORT, got '"
            + url + "'");
      }
      return url;
    } catch (URISyntaxException e) {
      throw new ParameterException(spec.commandLine(), "URL is not a valid address: " + e.getMessage());
    }
  }
}
