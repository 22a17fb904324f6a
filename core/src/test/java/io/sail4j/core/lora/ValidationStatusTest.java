package io.sail4j.core.lora;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sail4j.core.model.ModelId;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

// Validation statuses: pending, running, succeeded, failed, unverified; finished = the last three.
class ValidationStatusTest {

    @ParameterizedTest(name = "{0} finished = {1}")
    @CsvSource({"pending, false", "running, false", "succeeded, true", "failed, true", "unverified, true"})
    void finishedMeansSucceededFailedOrUnverified(String wire, boolean finished) {
        ValidationStatus status = ValidationStatus.fromWire(wire).orElseThrow();
        assertEquals(wire, status.wireName());
        assertEquals(finished, status.isFinished());
    }

    @ParameterizedTest
    @CsvSource({"SUCCEEDED, SUCCEEDED", "Failed, FAILED", "cancelled, ", "'', "})
    void wireNamesAreReadCaseInsensitivelyAndUnknownOnesAreEmpty(String wire, ValidationStatus expected) {
        assertEquals(Optional.ofNullable(expected), ValidationStatus.fromWire(wire));
    }

    @ParameterizedTest
    @CsvSource({"PENDING", "RUNNING"})
    void aRecordCannotFinishWithAnUnfinishedStatus(ValidationStatus status) {
        ValidationRecord record = ValidationRecord.pending("v1", ModelId.of("m"), Instant.EPOCH);
        assertThrows(IllegalArgumentException.class, () -> record.finished(status, null, null, Instant.EPOCH));
    }
}
