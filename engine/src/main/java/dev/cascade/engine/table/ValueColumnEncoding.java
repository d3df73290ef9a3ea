package dev.cascade.engine.table;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * The compact (not order-preserving) encoding of one non-NULL column value inside a row value or a catalog entry
 * (see {@code engine/docs/table-format.md}): integers as zig-zag varints, floats as their IEEE bits, decimals as
 * scale and unscaled bytes (the scale as given), strings and binaries length-prefixed.
 *
 * <p>Stateless.
 */
final class ValueColumnEncoding {
  private ValueColumnEncoding() {
  }

  static void encode(ByteSink out, ColumnType type, Object value) {
    switch (type) {
      case BOOLEAN -> out.u8((Boolean) value ? 1 : 0);
      case TINYINT -> out.u8((Byte) value);
      case SMALLINT -> out.zigzag((Short) value);
      case INTEGER, DATE, TIME -> out.zigzag((Integer) value);
      case BIGINT, TIMESTAMP -> out.zigzag((Long) value);
      case REAL -> out.u32(Float.floatToRawIntBits((Float) value));
      case DOUBLE -> out.u64(Double.doubleToRawLongBits((Double) value));
      case DECIMAL -> {
        BigDecimal d = (BigDecimal) value;
        byte[] unscaled = d.unscaledValue().toByteArray();
        out.zigzag(d.scale()).varint(unscaled.length).bytes(unscaled);
      }
      case CHAR, VARCHAR -> {
        byte[] b = ((String) value).getBytes(StandardCharsets.UTF_8);
        out.varint(b.length).bytes(b);
      }
      case VARBINARY -> {
        byte[] b = (byte[]) value;
        out.varint(b.length).bytes(b);
      }
    }
  }

  /** Moves past one value without decoding it. */
  static void skip(SegmentReader in, ColumnType type) {
    switch (type) {
      case BOOLEAN, TINYINT -> in.skip(1);
      case SMALLINT, INTEGER, DATE, TIME, BIGINT, TIMESTAMP -> in.varint();
      case REAL -> in.skip(4);
      case DOUBLE -> in.skip(8);
      case DECIMAL -> {
        in.varint();
        in.skip(in.length());
      }
      case CHAR, VARCHAR, VARBINARY -> in.skip(in.length());
    }
  }

  static Object decode(SegmentReader in, ColumnType type) {
    return switch (type) {
      case BOOLEAN -> in.u8() != 0;
      case TINYINT -> (byte) in.u8();
      case SMALLINT -> (short) in.zigzag();
      case INTEGER, DATE, TIME -> (int) in.zigzag();
      case BIGINT, TIMESTAMP -> in.zigzag();
      case REAL -> Float.intBitsToFloat(in.u32());
      case DOUBLE -> Double.longBitsToDouble(in.u64());
      case DECIMAL -> {
        int scale = (int) in.zigzag();
        yield new BigDecimal(new BigInteger(in.bytes(in.length())), scale);
      }
      case CHAR, VARCHAR -> in.utf8(in.length());
      case VARBINARY -> in.bytes(in.length());
    };
  }
}
