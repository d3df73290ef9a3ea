package dev.cascade.engine.table;

import dev.cascade.engine.CascadeException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * The order-preserving encoding of one column value inside a key (see {@code engine/docs/table-format.md}):
 * unsigned byte order of the encodings equals SQL order of the values, NULL first, and every encoding is
 * prefix-free, so encodings of several columns concatenate into a composite key that sorts column by column.
 *
 * <p>Stateless.
 */
final class KeyColumnEncoding {
  static final int NULL_MARKER = 0x00;
  static final int VALUE_MARKER = 0x01;

  /** Escape of a 0x00 byte inside a string or binary value, and the terminator after it. */
  private static final int ESCAPED_ZERO = 0xFF;
  private static final int TERMINATOR = 0x01;

  /** DECIMAL sign classes, in order. */
  private static final int DECIMAL_NEGATIVE = 0x01;
  private static final int DECIMAL_ZERO = 0x02;
  private static final int DECIMAL_POSITIVE = 0x03;

  private KeyColumnEncoding() {
  }

  /** Appends the encoding of {@code value} (already of the column's Java class, or null). */
  static void encode(ByteSink out, ColumnType type, Object value) {
    if (value == null) {
      out.u8(NULL_MARKER);
      return;
    }
    out.u8(VALUE_MARKER);
    switch (type) {
      case BOOLEAN -> out.u8((Boolean) value ? 1 : 0);
      case TINYINT -> out.u8(((Byte) value) ^ 0x80);
      case SMALLINT -> out.u16(((Short) value) ^ 0x8000);
      case INTEGER, DATE, TIME -> out.u32(((Integer) value) ^ Integer.MIN_VALUE);
      case BIGINT, TIMESTAMP -> out.u64(((Long) value) ^ Long.MIN_VALUE);
      case REAL -> out.u32(floatBits((Float) value));
      case DOUBLE -> out.u64(doubleBits((Double) value));
      case DECIMAL -> encodeDecimal(out, (BigDecimal) value);
      case CHAR, VARCHAR -> encodeBytes(out, ((String) value).getBytes(StandardCharsets.UTF_8));
      case VARBINARY -> encodeBytes(out, (byte[]) value);
    }
  }

  /** Reads one value; DECIMALs come back normalised, at least at the column's scale. */
  static Object decode(SegmentReader in, ColumnDef column) {
    int marker = in.u8();
    if (marker == NULL_MARKER) {
      return null;
    }
    if (marker != VALUE_MARKER) {
      throw new CascadeException("malformed key: column " + column.name() + " starts with 0x"
          + Integer.toHexString(marker));
    }
    return switch (column.type()) {
      case BOOLEAN -> in.u8() != 0;
      case TINYINT -> (byte) (in.u8() ^ 0x80);
      case SMALLINT -> (short) (in.u16() ^ 0x8000);
      case INTEGER, DATE, TIME -> in.u32() ^ Integer.MIN_VALUE;
      case BIGINT, TIMESTAMP -> in.u64() ^ Long.MIN_VALUE;
      case REAL -> Float.intBitsToFloat(unFloatBits(in.u32()));
      case DOUBLE -> Double.longBitsToDouble(unDoubleBits(in.u64()));
      case DECIMAL -> withScale(decodeDecimal(in), column.scale());
      case CHAR, VARCHAR -> new String(decodeBytes(in), StandardCharsets.UTF_8);
      case VARBINARY -> decodeBytes(in);
    };
  }

  /** Moves past one encoded value without decoding it. */
  static void skip(SegmentReader in, ColumnType type) {
    if (in.u8() == NULL_MARKER) {
      return;
    }
    switch (type) {
      case BOOLEAN, TINYINT -> in.u8();
      case SMALLINT -> in.u16();
      case INTEGER, DATE, TIME, REAL -> in.u32();
      case BIGINT, TIMESTAMP, DOUBLE -> in.u64();
      case DECIMAL -> decodeDecimal(in);
      case CHAR, VARCHAR, VARBINARY -> skipBytes(in);
    }
  }

  // -0.0 encodes as 0.0 and every NaN as the canonical NaN (which sorts after +Infinity).
  static int floatBits(float f) {
    int bits = Float.floatToIntBits(f == 0.0f ? 0.0f : f);
    return bits < 0 ? ~bits : bits ^ Integer.MIN_VALUE;
  }

  static long doubleBits(double d) {
    long bits = Double.doubleToLongBits(d == 0.0 ? 0.0 : d);
    return bits < 0 ? ~bits : bits ^ Long.MIN_VALUE;
  }

  private static int unFloatBits(int e) {
    return e < 0 ? e ^ Integer.MIN_VALUE : ~e;
  }

  private static long unDoubleBits(long e) {
    return e < 0 ? e ^ Long.MIN_VALUE : ~e;
  }

  /**
   * Sign class; then for a non-zero value 0.d1d2...dn × 10^E (digits without trailing zeros): E as a
   * sign-flipped u32, the digits in pairs (byte = 1 + the pair's value, a last single digit d as 1 + 10·d) and a
   * 0x00 terminator. Negative values complement E, the digit bytes and the terminator, so larger magnitudes sort
   * first.
   */
  private static void encodeDecimal(ByteSink out, BigDecimal value) {
    if (value.signum() == 0) {
      out.u8(DECIMAL_ZERO);
      return;
    }
    BigDecimal d = value.stripTrailingZeros();
    String digits = d.unscaledValue().abs().toString();
    long exponent = (long) digits.length() - d.scale();
    if (exponent > Integer.MAX_VALUE || exponent < Integer.MIN_VALUE) {
      throw new CatalogException(CatalogException.Reason.INVALID, "decimal " + value + " is out of range");
    }
    int flip = d.signum() < 0 ? 0xFF : 0x00;
    out.u8(d.signum() < 0 ? DECIMAL_NEGATIVE : DECIMAL_POSITIVE);
    int e = ((int) exponent) ^ Integer.MIN_VALUE;
    out.u32(flip == 0 ? e : ~e);
    for (int i = 0; i < digits.length(); i += 2) {
      int hi = digits.charAt(i) - '0';
      int lo = i + 1 < digits.length() ? digits.charAt(i + 1) - '0' : 0;
      out.u8((1 + hi * 10 + lo) ^ flip);
    }
    out.u8(flip);
  }

  private static BigDecimal decodeDecimal(SegmentReader in) {
    int sign = in.u8();
    if (sign == DECIMAL_ZERO) {
      return BigDecimal.ZERO;
    }
    if (sign != DECIMAL_NEGATIVE && sign != DECIMAL_POSITIVE) {
      throw new CascadeException("malformed key: decimal sign byte 0x" + Integer.toHexString(sign));
    }
    int flip = sign == DECIMAL_NEGATIVE ? 0xFF : 0x00;
    int e = in.u32();
    int exponent = (flip == 0 ? e : ~e) ^ Integer.MIN_VALUE;
    StringBuilder digits = new StringBuilder();
    for (int b = in.u8() ^ flip; b != 0; b = in.u8() ^ flip) {
      int pair = b - 1;
      digits.append((char) ('0' + pair / 10)).append((char) ('0' + pair % 10));
    }
    if (digits.isEmpty()) {
      throw new CascadeException("malformed key: decimal without digits");
    }
    if (digits.charAt(digits.length() - 1) == '0') {
      digits.setLength(digits.length() - 1);
    }
    BigInteger unscaled = new BigInteger(digits.toString());
    return new BigDecimal(flip == 0 ? unscaled : unscaled.negate(), digits.length() - exponent);
  }

  private static BigDecimal withScale(BigDecimal d, int columnScale) {
    return columnScale > d.scale() ? d.setScale(columnScale) : d;
  }

  /** Bytes with 0x00 escaped as 0x00 0xFF, then 0x00 0x01: "" < "\0" < "\1" < "a" and prefixes sort first. */
  private static void encodeBytes(ByteSink out, byte[] b) {
    for (byte x : b) {
      out.u8(x);
      if (x == 0) {
        out.u8(ESCAPED_ZERO);
      }
    }
    out.u8(0).u8(TERMINATOR);
  }

  private static byte[] decodeBytes(SegmentReader in) {
    ByteSink out = new ByteSink(32);
    while (true) {
      int b = in.u8();
      if (b != 0) {
        out.u8(b);
        continue;
      }
      int next = in.u8();
      if (next == TERMINATOR) {
        return out.toArray();
      }
      if (next != ESCAPED_ZERO) {
        throw new CascadeException("malformed key: 0x00 followed by 0x" + Integer.toHexString(next));
      }
      out.u8(0);
    }
  }

  private static void skipBytes(SegmentReader in) {
    while (true) {
      if (in.u8() == 0 && in.u8() == TERMINATOR) {
        return;
      }
    }
  }
}
