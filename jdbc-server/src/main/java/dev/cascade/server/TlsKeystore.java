package dev.cascade.server;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Collections;
import java.util.List;

/**
 * The server's TLS identity: a PKCS12 keystore and its password, read from the first line of a password file
 * (so the password appears on no command line). Checked before the server starts: the password file is
 * readable and its first line is non-empty, and the keystore opens with it and holds a private key.
 *
 * <p>Immutable.
 *
 * @param keystore the PKCS12 file
 * @param password the keystore password
 */
record TlsKeystore(Path keystore, String password) {
  static final String TYPE = "PKCS12";

  /** Reads the password and opens the keystore; an {@link IllegalArgumentException} names file and problem. */
  static TlsKeystore open(Path keystore, Path passwordFile) {
    String password = readPassword(passwordFile);
    KeyStore ks;
    try (InputStream in = Files.newInputStream(keystore)) {
      ks = KeyStore.getInstance(TYPE);
      ks.load(in, password.toCharArray());
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot open the keystore " + keystore + " as " + TYPE + " with the "
          + "password from " + passwordFile + " (wrong password, or not a PKCS12 file?): " + e, e);
    }
    if (!hasPrivateKey(ks)) {
      throw new IllegalArgumentException("keystore " + keystore + " holds no private key (the server needs a key "
          + "and certificate, e.g. made with keytool -genkeypair -storetype PKCS12)");
    }
    return new TlsKeystore(keystore, password);
  }

  private static String readPassword(Path passwordFile) {
    List<String> lines;
    try {
      lines = Files.readAllLines(passwordFile, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the keystore password file " + passwordFile + ": " + e, e);
    }
    if (lines.isEmpty() || lines.get(0).isEmpty()) {
      throw new IllegalArgumentException("keystore password file " + passwordFile + " line 1: expected the "
          + "keystore password, found an empty line");
    }
    return lines.get(0);
  }

  private static boolean hasPrivateKey(KeyStore ks) {
    try {
      for (String alias : Collections.list(ks.aliases())) {
        if (ks.isKeyEntry(alias)) {
          return true;
        }
      }
      return false;
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot list the keystore's entries: " + e, e);
    }
  }

  @Override
  public String toString() {
    return "TlsKeystore[" + keystore + "]";
  }
}
