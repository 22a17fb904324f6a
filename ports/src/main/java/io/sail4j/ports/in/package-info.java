/**
 * What an application calls: the use cases ({@link io.sail4j.ports.in.LoraFiles},
 * {@link io.sail4j.ports.in.Loras}, {@link io.sail4j.ports.in.TokenCompleters},
 * {@link io.sail4j.ports.in.TextRequests}) and the values they take and return. Get them from
 * {@code io.sail4j.application.Sail}, or inject them with {@code io.sail4j.application.SailModule}.
 *
 * <p>Asynchronous methods never throw for bad input: the returned future fails with the
 * {@code SailException} subtype ({@link io.sail4j.ports.in.Blocking#await} unwraps it for blocking callers).
 */
package io.sail4j.ports.in;
