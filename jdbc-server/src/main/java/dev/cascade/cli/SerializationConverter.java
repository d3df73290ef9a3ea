package dev.cascade.cli;

import dev.cascade.server.ServerConfig.Serialization;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code protobuf} or {@code json} (any case) to {@link Serialization}; anything else is a one-line usage error.
 *
 * <p>Stateless, thread-safe.
 */
final class SerializationConverter implements ITypeConverter<Serialization> {

  @Override
  public Serialization convert(String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "protobuf" -> Serialization.PROTOBUF;
      case "json" -> Serialization.JSON;
      default -> throw new TypeConversionException("expected protobuf or json, got '" + value + "'");
    };
  }
}
