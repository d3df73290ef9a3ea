package dev.cascade.engine.runtime;

/** Placeholder: the shard runtime lands with issue 2's runtime work. */
public final class Shard {}
