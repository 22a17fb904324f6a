/**
 * The use cases of {@code io.sail4j.ports.in} implemented over a {@code io.sail4j.ports.out.SailBackend}
 * and the {@code core} rules. Only {@link io.sail4j.application.Sail} (the facade) and
 * {@link io.sail4j.application.SailModule} (its Guice twin) are public; the services are package-private.
 */
package io.sail4j.application;
