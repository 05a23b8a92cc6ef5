package dev.nvsgen.factory;

import java.time.Duration;

/** A finished batch: how many devices, how many image bytes written, how long it took. */
public record BatchSummary(long devices, long imageBytes, Duration elapsed) {}
