/** Benchmarks run by hand (not by the test suite): see {@link dev.nvsgen.cli.bench.MfgBench}. */
package dev.nvsgen.cli.bench;
