/** Benchmarks of sail4j against what users would pick instead, run side by side in one invocation. */
package io.sail4j.bench;
