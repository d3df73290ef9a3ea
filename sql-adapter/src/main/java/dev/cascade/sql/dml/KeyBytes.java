package dev.cascade.sql.dml;

import java.util.Arrays;

/**
 * An encoded key as a hash map key: equal when the bytes are, with the hash computed once (the JDK's array hash is
 * vectorized; a wrapping {@code ByteBuffer} hashes byte by byte through its accessors on every call).
 *
 * <p>Immutable: the array is never written after it is wrapped.
 */
final class KeyBytes {
  private final byte[] bytes;
  private final int hash;

  KeyBytes(byte[] bytes) {
    this.bytes = bytes;
    this.hash = Arrays.hashCode(bytes);
  }

  /** The key's bytes (not a copy: do not write them). */
  byte[] bytes() {
    return bytes;
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KeyBytes k && k.hash == hash && Arrays.equals(k.bytes, bytes);
  }

  @Override
  public String toString() {
    return java.util.HexFormat.of().formatHex(bytes);
  }
}
