package io.sail4j.ports.contract;

import io.sail4j.ports.out.SailBackend;

/**
 * What {@link SailBackendContract} needs from the backend under test. An implementation serves
 * {@link SailBackendContract#contractCatalog()}, keeps validations where the test puts them (they
 * move only through the three hooks below), and lets background responses finish on their own
 * within a second.
 */
public interface SailBackendFixture extends AutoCloseable {

    /** A backend acting for organization A (the same instance on every call). */
    SailBackend organizationA();

    /** A backend acting for another organization, B. */
    SailBackend organizationB();

    /** Moves every pending LoRA validation to {@code running} now. */
    void startValidations();

    /** Finishes every unfinished validation now, with the outcome its adapter deserves. */
    void finishValidations();

    /** The next validation to finish fails with this {@code result_code} and {@code result_message}. */
    void failNextValidation(String resultCode, String resultMessage);

    /** Releases the backends and whatever serves them. */
    @Override
    void close();
}
